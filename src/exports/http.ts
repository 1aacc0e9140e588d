/**
 * Serving the published files: `GET /exports/latest/<file>` and `/exports/<version>/<file>` (a
 * version such as `2026-11-26-1a2b3c4d`, or a snapshot of the first kind named by its time).
 *
 * - Only files listed in the version's SHA256SUMS (plus the metadata files) are served;
 *   any other name, and any path with a separator, is a 404: nothing can escape the folder.
 * - Strong ETag: the file's SHA-256, which the exporter computed while writing it.
 * - gzip: when the client accepts it and asks for the whole file, the gzip twin written at
 *   export time is sent (`Content-Encoding: gzip`, its own ETag); Range requests get the
 *   identity bytes, so byte offsets mean what clients expect.
 * - Conditional requests (304) are decided by `fresh`; byte ranges (206/416), Content-Length
 *   and streaming by @fastify/static's `send`.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { negotiate } from "@fastify/accept-negotiator";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fresh from "fresh";
import { citationOf, listVersions, publishedAt, readChecksums } from "./snapshots.js";
import { isVersionId, readLatest } from "./store.js";

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/;
/** Files of a version not listed in its SHA256SUMS (CITATION.cff only in versions that have one). */
const METADATA_FILES = ["datapackage.json", "SHA256SUMS", "CITATION.cff"];

function contentType(file: string): string {
  if (file.endsWith(".gz")) return "application/gzip";
  if (file.endsWith(".csv")) return "text/csv; charset=utf-8";
  if (file.endsWith(".ndjson")) return "application/x-ndjson; charset=utf-8";
  if (file.endsWith(".json")) return "application/json; charset=utf-8";
  // SHA256SUMS, and CITATION.cff (YAML): text a browser shows rather than downloads.
  return "text/plain; charset=utf-8";
}

/** SHA-256 of the metadata files, which are not listed in SHA256SUMS; cached (snapshots never change). */
const metadataHashes = new Map<string, string>();
async function metadataHash(path: string): Promise<string> {
  let hash = metadataHashes.get(path);
  if (!hash) {
    const h = createHash("sha256");
    for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
    hash = h.digest("hex");
    if (metadataHashes.size > 256) metadataHashes.clear();
    metadataHashes.set(path, hash);
  }
  return hash;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A browser: it prefers text/html to JSON (curl's and fetch's `*∕*` get JSON). */
function prefersHtml(request: FastifyRequest): boolean {
  return negotiate(request.headers.accept ?? "", ["application/json", "text/html"]) === "text/html";
}

/** A plain, self-contained listing page (no scripts, no external requests). */
function listingPage(title: string, intro: string, head: string[], rows: string[]): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} — 创业内蒙古 Open Data</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:64rem;margin:2rem auto;padding:0 1rem}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left}code{font-size:.75rem}</style></head>
<body><p><a href="/">创业内蒙古 Open Data</a></p><h1>Index of ${escapeHtml(title)}</h1>${intro}
<table><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>
${rows.join("\n")}
</tbody></table></body></html>`;
}

function notFound(reply: FastifyReply, message: string) {
  return reply.code(404).send({ error: "NOT_FOUND", message });
}

export async function registerExportRoutes(app: FastifyInstance, dir: string): Promise<void> {
  // Only reply.sendFile (Range, Content-Length, streaming); routing and validation are ours.
  await app.register(fastifyStatic, { root: dir, serve: false });

  // The snapshots (`/exports`, `/exports/`) and one snapshot's files (`/exports/latest/`,
  // `/exports/<id>/`): JSON by default — `/exports` always answered JSON — and an HTML listing for
  // a browser (a client that prefers text/html).
  const snapshotsListing = async (request: FastifyRequest, reply: FastifyReply) => {
    const latest = await readLatest(dir);
    const versions = await listVersions(dir);
    const snapshots = [];
    for (const v of versions) {
      const citation = await citationOf(dir, v.id);
      snapshots.push({ id: v.id, generatedAt: v.publishedAt, datapackage: `/exports/${v.id}/datapackage.json`, citation: citation ? `/exports/${v.id}/CITATION.cff` : null });
    }
    const body = { latest, snapshots, datapackage: latest ? "/exports/latest/datapackage.json" : null };
    reply.header("cache-control", "public, max-age=60").header("vary", "Accept");
    if (!prefersHtml(request)) return body;
    const latestAt = snapshots.find((s) => s.id === latest)?.generatedAt ?? "";
    const rows = [
      ...(latest ? [`<tr><td><a href="/exports/latest/">latest/</a></td><td>${escapeHtml(latest)}</td><td>${escapeHtml(latestAt)}</td></tr>`] : []),
      ...body.snapshots.map((s) => `<tr><td><a href="/exports/${s.id}/">${s.id}/</a></td><td>${s.id === latest ? "latest" : ""}</td><td>${escapeHtml(s.generatedAt)}</td></tr>`),
    ];
    return reply.type("text/html; charset=utf-8").send(listingPage("/exports/", latest ? "" : "<p>No export has been published yet.</p>", ["version", "", "published at"], rows));
  };
  app.get("/exports", snapshotsListing);
  app.get("/exports/", snapshotsListing);

  app.get("/exports/:snapshot/", async (request: FastifyRequest<{ Params: { snapshot: string } }>, reply) => {
    const { snapshot } = request.params;
    if (!(snapshot === "latest" || isVersionId(snapshot))) return notFound(reply, "No such snapshot.");
    const id = snapshot === "latest" ? await readLatest(dir) : snapshot;
    if (!id) return notFound(reply, "No export has been published yet.");
    const folder = join(dir, id);
    const checksums = await readChecksums(folder);
    if (!checksums) return notFound(reply, `No snapshot ${id}.`);
    const names = [...METADATA_FILES, ...[...checksums.keys()].filter((n) => !METADATA_FILES.includes(n)).sort()];
    const files = [];
    for (const name of names) {
      const info = await stat(join(folder, name)).catch(() => null);
      if (info) files.push({ name, path: `/exports/${snapshot}/${name}`, bytes: info.size, sha256: checksums.get(name) ?? null });
    }
    // `latest/` moves with each export; a version's listing never changes.
    reply.header("cache-control", snapshot === "latest" ? "public, max-age=60" : "public, max-age=31536000, immutable").header("vary", "Accept");
    const generatedAt = await publishedAt(dir, id);
    const citation = await citationOf(dir, id);
    const body = { snapshot: id, generatedAt, howToCite: citation?.text ?? null, files };
    if (!prefersHtml(request)) return body;
    const rows = files.map((f) => `<tr><td><a href="${escapeHtml(f.path)}">${escapeHtml(f.name)}</a></td><td>${f.bytes}</td><td><code>${f.sha256 ?? ""}</code></td></tr>`);
    const cite = citation ? `<p>How to cite: ${escapeHtml(citation.text)} (<a href="/exports/${id}/CITATION.cff">CITATION.cff</a>)</p>` : "";
    const intro = `<p>Version <code>${escapeHtml(id)}</code>, published at ${escapeHtml(generatedAt ?? "")}. <a href="/exports/">All versions</a>.</p>${cite}`;
    return reply.type("text/html; charset=utf-8").send(listingPage(`/exports/${snapshot}/`, intro, ["file", "bytes", "SHA-256"], rows));
  });

  app.get("/exports/:snapshot/:file", async (request: FastifyRequest<{ Params: { snapshot: string; file: string } }>, reply) => {
    const { snapshot, file } = request.params;
    if (!(snapshot === "latest" || isVersionId(snapshot)) || !FILE_NAME.test(file)) return notFound(reply, "No such export file.");
    const id = snapshot === "latest" ? await readLatest(dir) : snapshot;
    if (!id) return notFound(reply, "No export has been published yet.");
    const folder = join(dir, id);
    const checksums = await readChecksums(folder);
    if (!checksums) return notFound(reply, `No snapshot ${id}.`);
    if (!checksums.has(file) && !METADATA_FILES.includes(file)) return notFound(reply, `No file ${file} in snapshot ${id}.`);
    // Snapshots of the first kind have no CITATION.cff.
    if (!checksums.has(file) && !(await stat(join(folder, file)).catch(() => null))) return notFound(reply, `No file ${file} in snapshot ${id}.`);

    const gzipName = `${file}.gz`;
    return sendStoredFile(request, reply, {
      folder,
      file,
      sha256: checksums.get(file) ?? (await metadataHash(join(folder, file))),
      gzipSha256: file.endsWith(".gz") ? null : (checksums.get(gzipName) ?? null),
      // A snapshot's files never change; `latest` moves with each export.
      cacheControl: snapshot === "latest" ? "public, max-age=300" : "public, max-age=31536000, immutable",
      vary: "Accept-Encoding",
      anyOrigin: true,
    });
  });
}

/** A file the exporter wrote and hashed, to be served as it is. */
export interface StoredFile {
  folder: string;
  /** Its name in `folder` (already checked against the list of files that may be served). */
  file: string;
  /** SHA-256 of its bytes: the strong ETag. */
  sha256: string;
  /** SHA-256 of its gzip twin `<file>.gz`, when one was written; null otherwise. */
  gzipSha256: string | null;
  cacheControl: string;
  vary: string;
  /** `Access-Control-Allow-Origin: *` (public files only). */
  anyOrigin: boolean;
}

/**
 * Sends a stored file with a strong ETag (its SHA-256), Last-Modified, 304 for a fresh copy,
 * the gzip twin for whole-file requests that accept gzip, and byte ranges (If-Range honoured).
 * The public snapshots and the partners' bulk exports (src/exports/bulk-http.ts) both use it.
 */
export async function sendStoredFile(request: FastifyRequest, reply: FastifyReply, f: StoredFile) {
  const { folder, file } = f;
  // Representation: the gzip twin for whole-file requests from clients that take gzip.
  const headers = request.headers;
  const wantsRange = typeof headers.range === "string";
  const useGzip = !wantsRange && f.gzipSha256 !== null && negotiate(headers["accept-encoding"] ?? "", ["gzip", "identity"]) === "gzip";
  const served = useGzip ? `${file}.gz` : file;
  const sha = useGzip ? f.gzipSha256! : f.sha256;
  const info = await stat(join(folder, served));
  const etag = `"${sha}"`;
  const lastModified = info.mtime.toUTCString();

  reply.header("ETag", etag);
  reply.header("Last-Modified", lastModified);
  reply.header("Cache-Control", f.cacheControl);
  reply.header("Vary", f.vary);
  reply.header("Content-Type", contentType(file));
  if (f.anyOrigin) reply.header("Access-Control-Allow-Origin", "*");
  if (useGzip) reply.header("Content-Encoding", "gzip");

  if (fresh(headers, { etag, "last-modified": lastModified })) return reply.code(304).send();

  // If-Range: honour the range only if the client holds this very representation.
  if (headers["if-range"] !== undefined && headers["if-range"] !== etag) delete headers.range;
  // The decisions above are final: keep send from re-deciding with headers it cannot see.
  for (const h of ["if-range", "if-none-match", "if-modified-since", "if-match", "if-unmodified-since"]) delete headers[h];
  return reply.sendFile(served, folder, { etag: false, lastModified: false, contentType: false, cacheControl: false, dotfiles: "deny" });
}
