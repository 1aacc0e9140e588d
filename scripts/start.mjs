// `npm start`: runs the service from one JavaScript bundle of src/ (dist/server.mjs, built by
// esbuild) instead of through tsx. tsx compiles on the fly and routes every module load, node
// packages included, through loader hooks on another thread: ≈ 1 s of every start went there.
// The bundle holds this project's code and the packages it uses (all but EXTERNAL): Node then
// compiles one file instead of resolving, reading and linking ≈ 1,500 modules, ≈ 350 ms of
// every start. It is rebuilt here whenever what it is made of changed (a hash of src/**/*.ts,
// tsconfig.json, package-lock.json, patches/, this file and esbuild's version, kept in the
// bundle's first line): editing src/ or installing other packages and running `npm start` never
// runs stale code. `npm ci` / `npm install` build it ahead (postinstall).
// On a later start of the embedded database, the database is opened while the bundle loads.
//   node scripts/start.mjs            start the service (what `npm start` runs)
//   node scripts/start.mjs --build    only bring the bundle up to date
// Like tsx, esbuild emits no decorator metadata: the rules of docs/stack-notes.md hold as before.
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "src");
const OUT = join(ROOT, "dist", "server.mjs");
const PATCHES = join(ROOT, "patches");
const HEADER = "// chuangye-open-data bundle of src/, source hash ";

/**
 * Packages the bundle leaves in node_modules, loaded by Node as usual:
 * - @electric-sql/pglite finds its WebAssembly and file-system image beside its own module;
 * - pino starts transports in worker threads from files it resolves beside itself;
 * - @apollo/utils.createhash uses node:crypto only when `module.require` exists, which a bundled
 *   CommonJS module lacks: bundled, every request's operation hash went through sha.js in JavaScript;
 * - class-validator is an optional peer of type-graphql that this project does not install.
 */
const EXTERNAL = ["@electric-sql/pglite", "pino", "@apollo/utils.createhash", "class-validator"];

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
    .concat(readdirSync(PATCHES).map((f) => join(PATCHES, f)))
    .concat(join(ROOT, "tsconfig.json"), join(ROOT, "package-lock.json"), fileURLToPath(import.meta.url))
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
    external: EXTERNAL,
    tsconfig: join(ROOT, "tsconfig.json"),
    // type-graphql and the logs may read class and function names: keep them as written.
    keepNames: true,
    sourcemap: "linked",
    sourcesContent: false,
    // Bundled CommonJS packages `require` Node's modules and the external packages at run time.
    banner: { js: `${HEADER}${hash}\nimport { createRequire as __bundleCreateRequire } from "node:module";\nconst require = __bundleCreateRequire(import.meta.url);` },
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

/**
 * A later start on the embedded database (no DATABASE_URL, a folder that holds one) opens it now:
 * PGlite reads its files and compiles its WebAssembly on other threads while this one loads the
 * bundle. src/db/client.ts takes the open database for that folder (and closes it for another).
 * A first start does not: its folder comes from the prepared image (src/db/image.ts).
 */
function openEmbeddedDatabaseEarly() {
  const dir = process.env.PGLITE_DIR || "./data/pglite";
  if (process.env.DATABASE_URL || dir.startsWith("memory://") || !existsSync(join(dir, "PG_VERSION"))) return;
  const client = import("@electric-sql/pglite").then(({ PGlite }) => PGlite.create(dir));
  // A failure is reported where the service awaits it, as without this.
  client.catch(() => {});
  globalThis[Symbol.for("chuangye-open-data.early-pglite")] = { dir: resolve(dir), client };
}

const hash = sourceHash();
if (bundledHash() !== hash) {
  const started = performance.now();
  await build(hash);
  console.error(`start: bundled src/ into ${relative(process.cwd(), OUT) || OUT} in ${Math.round(performance.now() - started)} ms`);
}
if (!process.argv.includes("--build")) {
  openEmbeddedDatabaseEarly();
  // Stack traces in the log name src/*.ts lines, as they did under tsx.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(OUT).href);
}
