// `npm start`: runs the service from one JavaScript bundle of src/ (dist/server.cjs, built by
// esbuild) instead of through tsx. tsx compiles on the fly and routes every module load, node
// packages included, through loader hooks on another thread: ≈ 1 s of every start went there.
// The bundle holds this project's code and the packages it uses (all but EXTERNAL): Node then
// compiles one file instead of resolving, reading and linking ≈ 1,500 modules, ≈ 350 ms of
// every start. The operators' command-line scripts are bundled the same way (ENTRIES). A bundle is
// rebuilt here whenever what it is made of changed (a hash of src/**/*.ts, scripts/**/*.ts,
// tsconfig.json, package-lock.json, patches/, this file and esbuild's version, kept in the
// bundle's first line): editing src/ or installing other packages and running `npm start` never
// runs stale code. `npm ci` / `npm install` build it ahead (postinstall).
//   node scripts/start.mjs            start the service (what `npm start` runs)
//   node scripts/start.mjs --build    only bring the bundles up to date
//   node scripts/start.mjs --cli import …   run a command-line script from its bundle (npm run import)
// Like tsx, esbuild emits no decorator metadata: the rules of docs/stack-notes.md hold as before.
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import Module, { createRequire } from "node:module";
import { basename, dirname, join, relative, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { Script, constants as vmConstants } from "node:vm";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = join(ROOT, "src");
const SCRIPTS = join(ROOT, "scripts");
const DIST = join(ROOT, "dist");
const PATCHES = join(ROOT, "patches");
const HEADER = "// chuangye-open-data bundle of src/, source hash ";

/**
 * What is bundled: the service, and the command-line scripts that operators run against a
 * database (`npm run import`, `partner`, `export`, `seed`). Under tsx a script's process spent
 * ≈ 2.3 s of CPU starting; bundled, ≈ 1.3 s. Each bundle is one file, built when it is first
 * needed after a change (`--build` builds them all).
 */
const ENTRIES = {
  // CommonJS, exporting `main` (src/main.ts): V8 can cache a script's compiled code, not an ES
  // module's (Node 20 has no compile cache for those) — see runServer below.
  server: { source: join(SRC, "main.ts"), out: join(DIST, "server.cjs"), format: "cjs" },
  ...Object.fromEntries(["import", "partner", "export", "seed"].map((name) => [name, { source: join(SCRIPTS, `${name}.ts`), out: join(DIST, "cli", `${name}.mjs`), format: "esm" }])),
};

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

/** A hash of everything the bundles are made from. */
function sourceHash() {
  const hash = createHash("sha256");
  hash.update(`esbuild ${esbuildVersion()}\n`);
  const tsFiles = (dir) =>
    readdirSync(dir, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .map((f) => join(dir, f));
  const files = tsFiles(SRC)
    .concat(tsFiles(SCRIPTS))
    .concat(readdirSync(PATCHES).map((f) => join(PATCHES, f)))
    .concat(join(ROOT, "tsconfig.json"), join(ROOT, "package-lock.json"), fileURLToPath(import.meta.url))
    .sort();
  for (const file of files) {
    hash.update(`${relative(ROOT, file)}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest("hex");
}

/** The source hash recorded in a bundle's first line, or null. */
function bundledHash(out) {
  if (!existsSync(out)) return null;
  const fd = openSync(out, "r");
  try {
    const head = Buffer.alloc(HEADER.length + 64);
    const n = readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, n).toString("utf8");
    return text.startsWith(HEADER) ? text.slice(HEADER.length) : null;
  } finally {
    closeSync(fd);
  }
}

async function build({ source, out, format }, hash) {
  const esbuild = await import("esbuild");
  const outDir = dirname(out);
  const base = basename(out);
  // Written under a temporary name, then renamed: a process starting meanwhile (another test
  // file's CLI, say) reads the old bundle or the new one, never half of one.
  const temp = join(outDir, `.${base}.${process.pid}${format === "cjs" ? ".cjs" : ".mjs"}`);
  mkdirSync(outDir, { recursive: true });
  await esbuild.build({
    entryPoints: [source],
    outfile: temp,
    bundle: true,
    platform: "node",
    format,
    target: "node20",
    external: EXTERNAL,
    // Not minified, although minifying makes the server bundle 3.8 MB instead of 5.6 (≈ 70 ms less to
    // read and parse at a start): uncached Q2 of the benchmark cost 5–9 % more CPU a request than
    // with the unminified bundle in three interleaved runs (4 % with the whitespace removed only;
    // Q1 the same), while the unminified CommonJS bundle cost what the ES module one did.
    tsconfig: join(ROOT, "tsconfig.json"),
    // Names are kept for the project's own code only (the plugin below): type-graphql and the logs
    // may read its class and function names. Kept for the packages too, esbuild wraps every
    // function they create in a call that redefines its name — per request, for the closures of
    // Fastify and graphql-js: response-cache hits fell from ≈ 12,000 to ≈ 9,000 requests/s.
    keepNames: false,
    sourcemap: "linked",
    sourcesContent: false,
    // Bundled CommonJS packages `require` Node's modules and the external packages at run time.
    // A CommonJS bundle has its own `require`, and no import.meta.url: its URL is computed before
    // any module's code can shadow `require` (src/graphql/explorer.ts names its own).
    banner: { js: format === "cjs" ? `${HEADER}${hash}\nvar __bundleUrl = require("node:url").pathToFileURL(__filename).href;` : `${HEADER}${hash}\nimport { createRequire as __bundleCreateRequire } from "node:module";\nconst require = __bundleCreateRequire(import.meta.url);` },
    logLevel: "warning",
    plugins: [
      {
        // The project's own modules: compiled with their names kept (see keepNames above), and
        // finding their files (migrations, the seed's data, the p-table) beside themselves
        // through import.meta.url, which in the bundle names the source file it came from.
        name: "project-modules",
        setup(b) {
          const tsconfigRaw = readFileSync(join(ROOT, "tsconfig.json"), "utf8");
          b.onLoad({ filter: /\.ts$/ }, async (args) => {
            if (!args.path.startsWith(SRC + sep) && !args.path.startsWith(SCRIPTS + sep)) return undefined;
            let text = readFileSync(args.path, "utf8");
            const fromBundle = relative(outDir, args.path).split(sep).join("/");
            // A CommonJS bundle has no import.meta: its own file's URL is set by its banner.
            const bundleUrl = format === "cjs" ? "__bundleUrl" : "import.meta.url";
            if (text.includes("import.meta.url")) text = text.replaceAll("import.meta.url", `new URL(${JSON.stringify(fromBundle)}, ${bundleUrl}).href`);
            // An inline source map, which the bundle's map follows back to the .ts lines.
            const { code } = await esbuild.transform(text, { loader: "ts", format: "esm", target: "node20", keepNames: true, tsconfigRaw, sourcefile: args.path, sourcemap: "inline" });
            return { contents: code, loader: "js", resolveDir: dirname(args.path) };
          });
        },
      },
    ],
  });
  // The map is named after the temporary file: point the bundle at its final name.
  const code = readFileSync(temp, "utf8").replace(/\/\/# sourceMappingURL=\S+\s*$/, `//# sourceMappingURL=${base}.map\n`);
  writeFileSync(temp, code);
  writeFileSync(`${temp}.map`, await projectOnlySourceMap(readFileSync(`${temp}.map`, "utf8")));
  renameSync(`${temp}.map`, `${out}.map`);
  renameSync(temp, out);
  // The code caches of the bundle replaced (runServer): V8 would reject them anyway.
  for (const file of readdirSync(outDir)) if (file.startsWith(`${base}.`) && file.endsWith(".v8cache")) rmSync(join(outDir, file), { force: true });
}

/**
 * The bundle's source map, reduced to the project's own code (src/, scripts/): where source maps
 * are on (the scripts; the service with NODE_OPTIONS=--enable-source-maps) stack traces name
 * src/*.ts lines, as under tsx, and the packages' frames keep their place in the bundle. With the
 * packages' mappings too, the map was 3.3 MB, and Node holds it parsed (≈ 67 MB) from the first
 * stack trace it formats on — in the service, the first error a resolver throws (graphql-js
 * reads the original error's stack). The soak (--max-old-space-size=256, 3,000 requests) then
 * answered 22 requests/s, mostly collecting garbage; 65 with this reduced map; 131 with none.
 * A package's stretch starts with an unmapped segment, so that its frames are not taken for the
 * project code before them.
 */
async function projectOnlySourceMap(text) {
  const { SourceMapConsumer, SourceMapGenerator } = await import("source-map-js");
  const map = JSON.parse(text);
  const own = (source) => /^(\.\.\/)+(src|scripts)\//.test(source);
  const consumer = new SourceMapConsumer(map);
  const generator = new SourceMapGenerator({ file: map.file });
  let inOwnCode = false;
  consumer.eachMapping((m) => {
    const generated = { line: m.generatedLine, column: m.generatedColumn };
    if (m.source && own(m.source)) {
      generator.addMapping({ generated, original: { line: m.originalLine, column: m.originalColumn }, source: m.source, name: m.name ?? undefined });
      inOwnCode = true;
    } else if (inOwnCode) {
      generator.addMapping({ generated });
      inOwnCode = false;
    }
  });
  return generator.toString();
}

/** Builds the bundle unless it is up to date. */
async function ensureBuilt(name, hash) {
  const entry = ENTRIES[name];
  if (bundledHash(entry.out) === hash) return;
  const started = performance.now();
  await build(entry, hash);
  console.error(`start: bundled ${relative(ROOT, entry.source)} into ${relative(process.cwd(), entry.out) || entry.out} in ${Math.round(performance.now() - started)} ms`);
}

const hash = sourceHash();
const [, , mode, cli, ...cliArgs] = process.argv;
if (mode === "--build") {
  for (const name of Object.keys(ENTRIES)) await ensureBuilt(name, hash);
} else if (mode === "--cli") {
  // `npm run import -- …` is `node scripts/start.mjs --cli import …`: the script sees its own
  // arguments, and its own path as argv[1], as it did under tsx.
  if (!cli || cli === "server" || !Object.hasOwn(ENTRIES, cli)) {
    console.error(`usage: node scripts/start.mjs --cli <${Object.keys(ENTRIES).filter((n) => n !== "server").join("|")}> [arguments]`);
    process.exit(2);
  }
  await ensureBuilt(cli, hash);
  process.argv = [process.argv[0], ENTRIES[cli].source, ...cliArgs];
  // A script's errors are few (it stops at the first): its stack traces name src/*.ts lines.
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(ENTRIES[cli].out).href);
} else {
  await ensureBuilt("server", hash);
  await runServer(ENTRIES.server.out);
}

/**
 * The service, from its bundle, with less for a later start to wait for (bench:start; AMD EPYC,
 * 2 cores: the main thread's CPU until ready 1.47 → 1.29 s):
 * - PGlite's WebAssembly (9 MB) is compiled by V8's background threads, and its file-system image
 *   read, while this thread compiles and runs the bundle (`preloadPglite`);
 * - the bundle is compiled from V8's code cache of an earlier start when there is one, instead of
 *   parsed and compiled afresh (`compiledScript`).
 * No source maps by default (NODE_OPTIONS=--enable-source-maps turns them on): with the
 * packages in the bundle, every frame of every stack trace is the bundle's, and graphql-js
 * reads the stack of each error a resolver throws — Node's mapping of those halved the soak's
 * throughput (65 instead of 131 requests/s, 3,000 requests, PostgreSQL, 1M loans). Stack
 * traces in the log name dist/server.cjs lines; its map (project code only) is beside it.
 */
async function runServer(out) {
  // What src/db/client.ts sets for PGlite (see there): set before anything is compiled, because
  // a code cache is only accepted under the flags it was made with.
  setFlagsFromString("--wasm-tiering-budget=18000000");
  // The service runs as it is measured (npm run bench, soak): in production mode unless the
  // operator says otherwise. Libraries read it once, as they load: graphql-js, for one, checks
  // every failed `instanceof` against a second copy of itself outside production.
  process.env.NODE_ENV ??= "production";
  preloadPglite();
  // What became of the code cache, for the "listening" log line (src/service.ts): "accepted",
  // "rejected" (made for another bundle, Node or flags, or damaged), "absent", or "off".
  const codeCache = (globalThis[Symbol.for("chuangye.codeCache")] = { state: "off", file: null });
  if (process.sourceMapsEnabled) {
    // Node's own loader, which reads the bundle's source map (a script compiled here gets none).
    await createRequire(import.meta.url)(out).main();
    return;
  }
  const { script, cacheFile, cached } = compiledScript(out);
  Object.assign(codeCache, { state: !cached ? "absent" : script.cachedDataRejected ? "rejected" : "accepted", file: cacheFile });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(out), module, out, dirname(out));
  await module.exports.main();
  // Written once the service listens: the cache then holds the functions a start compiled
  // lazily too (building the schema, the server), not only the bundle's top level.
  if (codeCache.state !== "accepted") setImmediate(() => writeCodeCache(script, cacheFile));
}

/**
 * Starts compiling PGlite's WebAssembly and reading its file-system image now, on other threads,
 * for src/db/client.ts to hand to PGlite when it opens the embedded database (it waits for them
 * there). Only without DATABASE_URL: the server engine never opens PGlite. A failure here is
 * left to PGlite, which then loads them itself and reports what is wrong.
 */
function preloadPglite() {
  if (process.env.DATABASE_URL) return;
  const dist = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  const preloaded = {
    wasmModule: readFile(join(dist, "pglite.wasm")).then((bytes) => WebAssembly.compile(bytes)),
    // What PGlite reads of the Blob it accepts: its bytes. A real Blob copied them twice more, in
    // JavaScript (≈ 0.15 s of CPU for the 6 MB). A copy for each PGlite opened, as a Blob gives:
    // one instance's files can never be another's memory.
    fsBundle: readFile(join(dist, "pglite.data")).then((bytes) => ({
      arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    })),
  };
  for (const promise of Object.values(preloaded)) promise.catch(() => {});
  globalThis[Symbol.for("chuangye.pglite.preloaded")] = preloaded;
}

/**
 * The bundle as a script, with V8's cached compilation of it when one was written for this
 * bundle, Node and V8 flags (V8 checks all three and rejects a cache that does not match: then
 * it compiles as usual and the cache is written again). One cache file per Node version and set
 * of flags (`npm start` runs with --max-semi-space-size, the tests without), so that two ways of
 * starting do not keep replacing each other's.
 */
function compiledScript(out) {
  const flags = createHash("sha256").update(JSON.stringify([process.version, process.arch, process.execArgv, process.env.NODE_OPTIONS ?? ""])).digest("hex").slice(0, 12);
  const cacheFile = `${out}.${flags}.v8cache`;
  let cached;
  try {
    cached = readFileSync(cacheFile);
  } catch {
    cached = undefined;
  }
  const script = new Script(Module.wrap(readFileSync(out, "utf8")), {
    filename: out,
    cachedData: cached,
    // type-graphql's optional `import("class-validator")` (never reached: validation is off).
    importModuleDynamically: vmConstants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
  });
  return { script, cacheFile, cached };
}

/** Writes the code cache beside the bundle, whole or not at all; a read-only folder just goes without. */
function writeCodeCache(script, cacheFile) {
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cacheFile);
  } catch {
    rmSync(temp, { force: true });
  }
}
