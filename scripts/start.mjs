// `npm start`: runs the service from one JavaScript bundle of src/ (dist/server.mjs, built by
// esbuild) instead of through tsx. tsx compiles on the fly and routes every module load, node
// packages included, through loader hooks on another thread: ≈ 1 s of every start went there.
// The bundle holds only this project's code (packages are imported from node_modules as usual)
// and is rebuilt here whenever a source file changed (a hash of src/**/*.ts, tsconfig.json, this
// file and esbuild's version, kept in the bundle's first line): editing src/ and running
// `npm start` never runs stale code. `npm ci` / `npm install` build it ahead (postinstall).
//   node scripts/start.mjs            start the service (what `npm start` runs)
//   node scripts/start.mjs --build    only bring the bundle up to date
// Like tsx, esbuild emits no decorator metadata: the rules of docs/stack-notes.md hold as before.
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "src");
const OUT = join(ROOT, "dist", "server.mjs");
const HEADER = "// chuangye-open-data bundle of src/, source hash ";

function esbuildVersion() {
  return JSON.parse(readFileSync(join(dirname(createRequire(import.meta.url).resolve("esbuild")), "..", "package.json"), "utf8")).version;
}

/** A hash of everything the bundle is made from. */
function sourceHash() {
  const hash = createHash("sha256");
  hash.update(`esbuild ${esbuildVersion()}\n`);
  const files = readdirSync(SRC, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts"))
    .map((f) => join(SRC, f))
    .concat(join(ROOT, "tsconfig.json"), fileURLToPath(import.meta.url))
    .sort();
  for (const file of files) {
    hash.update(`${relative(ROOT, file)}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** The source hash recorded in the bundle's first line, or null. */
function bundledHash() {
  if (!existsSync(OUT)) return null;
  const fd = openSync(OUT, "r");
  try {
    const head = Buffer.alloc(HEADER.length + 64);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, n).toString("utf8");
    return text.startsWith(HEADER) ? text.slice(HEADER.length) : null;
  } finally {
    closeSync(fd);
  }
}

async function build(hash) {
  const esbuild = await import("esbuild");
  const outDir = dirname(OUT);
  const temp = join(outDir, `.server.${process.pid}.mjs`);
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [join(SRC, "index.ts")],
    outfile: temp,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages stay in node_modules, loaded by Node as they are under tsx.
    packages: "external",
    tsconfig: join(ROOT, "tsconfig.json"),
    // type-graphql and the logs may read class and function names: keep them as written.
    keepNames: true,
    sourcemap: "linked",
    sourcesContent: false,
    banner: { js: `${HEADER}${hash}` },
    logLevel: "warning",
    plugins: [
      {
        // Modules find their files (migrations, the seed's data, the p-table) beside themselves
        // through import.meta.url: in the bundle it names the source file it came from.
        name: "source-file-urls",
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, (args) => {
            if (!args.path.startsWith(SRC + sep)) return undefined;
            const text = readFileSync(args.path, "utf8");
            if (!text.includes("import.meta.url")) return undefined;
            const fromBundle = relative(outDir, args.path).split(sep).join("/");
            return { contents: text.replaceAll("import.meta.url", `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`), loader: "ts" };
          });
        },
      },
    ],
  });
  // The map is named after the temporary file: point the bundle at its final name.
  const code = readFileSync(temp, "utf8").replace(/\/\/# sourceMappingURL=\.server\.\d+\.mjs\.map\s*$/, "//# sourceMappingURL=server.mjs.map\n");
  writeFileSync(temp, code);
  renameSync(`${temp}.map`, `${OUT}.map`);
  renameSync(temp, OUT);
}

const hash = sourceHash();
if (bundledHash() !== hash) {
  const started = performance.now();
  await build(hash);
  console.error(`start: bundled src/ into ${relative(process.cwd(), OUT) || OUT} in ${Math.round(performance.now() - started)} ms`);
}
if (!process.argv.includes("--build")) {
  // Stack traces in the log name src/*.ts lines, as they did under tsx.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(OUT).href);
}
