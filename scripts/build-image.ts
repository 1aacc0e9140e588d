// Builds the prepared PGlite image a first start loads instead of migrating and seeding
// (src/db/image.ts). `npm ci` / `npm install` run it (postinstall); it does nothing when the
// image for the current code is already there.
//   npm run build:image              into data/images (or PGLITE_IMAGE_DIR)
//   npm run build:image -- --force   rebuild even if present
// A failure never fails the install: without an image a first start seeds from scratch, as it
// always did — it only takes longer. It says so, and the exit code is 0 unless --strict.
import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { buildImage } from "../src/db/image.js";

const { values } = parseArgs({ options: { force: { type: "boolean", default: false }, strict: { type: "boolean", default: false } } });
const dir = loadConfig().pgliteImageDir;
if (!dir) {
  console.log("build-image: PGLITE_IMAGE_DIR=off, nothing to build");
} else {
  try {
    const result = await buildImage(dir, { force: values.force });
    const mb = (result.bytes / 1024 / 1024).toFixed(1);
    console.log(
      result.built
        ? `build-image: wrote ${result.path} (${mb} MB, fingerprint ${result.fingerprint.slice(0, 16)}) in ${(result.ms / 1000).toFixed(1)} s`
        : `build-image: ${result.path} is current (fingerprint ${result.fingerprint.slice(0, 16)})`,
    );
  } catch (err) {
    console.warn(`build-image: could not build the prepared database image (${(err as Error).message}); a first start will migrate and seed from scratch instead`);
    if (values.strict) process.exitCode = 1;
  }
}
