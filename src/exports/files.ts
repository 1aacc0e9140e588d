/**
 * Output files of an export: each written once, streamed, hashed while written, with a
 * gzip twin for HTTP clients that accept it, and fsynced before the snapshot becomes visible.
 */
import { createHash, type Hash } from "node:crypto";
import { createWriteStream, type WriteStream } from "node:fs";
import { open } from "node:fs/promises";
import { once } from "node:events";
import { createGzip, type Gzip } from "node:zlib";

export interface WrittenFile {
  path: string;
  bytes: number;
  sha256: string;
  gzip: { path: string; bytes: number; sha256: string } | null;
}

async function fsyncFile(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Waits for a stream to accept more, so that a fast source never piles up in memory. */
async function writeWithBackpressure(stream: WriteStream | Gzip, chunk: Buffer): Promise<void> {
  if (!stream.write(chunk)) await once(stream, "drain");
}

/** Resolves once a stream has closed (at once if it already has: an errored stream closes by itself). */
async function closed(stream: WriteStream): Promise<void> {
  if (!stream.closed) await once(stream, "close").catch(() => {});
}

export class OutputFile {
  private readonly out: WriteStream;
  private readonly hash: Hash = createHash("sha256");
  private bytes = 0;
  private readonly gzip: Gzip | null;
  private readonly gzipOut: WriteStream | null;
  private readonly gzipHash: Hash = createHash("sha256");
  private gzipBytes = 0;
  /**
   * The first error of any of the streams (a full disk…), thrown by the next write or close. A
   * stream error nobody listens to would be an uncaught exception: it would end the process —
   * in the service, where bulk exports are written, that is every request.
   */
  private failure: Error | null = null;

  constructor(
    readonly path: string,
    withGzip: boolean,
  ) {
    this.out = createWriteStream(path, { flags: "wx" });
    if (withGzip) {
      this.gzip = createGzip({ level: 6 });
      this.gzipOut = createWriteStream(`${path}.gz`, { flags: "wx" });
      this.gzip.on("data", (chunk: Buffer) => {
        this.gzipHash.update(chunk);
        this.gzipBytes += chunk.length;
      });
      this.gzip.pipe(this.gzipOut);
    } else {
      this.gzip = null;
      this.gzipOut = null;
    }
    for (const stream of [this.out, this.gzip, this.gzipOut]) stream?.on("error", (err: Error) => void (this.failure ??= err));
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }

  /** Bytes written so far (uncompressed), for size limits checked while writing. */
  get bytesWritten(): number {
    return this.bytes;
  }

  async write(text: string): Promise<void> {
    if (text.length === 0) return this.check();
    await this.writeBytes(Buffer.from(text, "utf8"));
  }

  /** Writes bytes as they are (UTF-8 text already: what COPY sends). */
  async writeBytes(chunk: Buffer): Promise<void> {
    this.check();
    if (chunk.length === 0) return;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    await writeWithBackpressure(this.out, chunk);
    if (this.gzip) await writeWithBackpressure(this.gzip, chunk);
  }

  /** Flushes, closes and fsyncs; returns sizes and SHA-256 of what is on disk. */
  async close(): Promise<WrittenFile> {
    this.check();
    this.out.end();
    await closed(this.out);
    this.check();
    await fsyncFile(this.path);
    let gzip: WrittenFile["gzip"] = null;
    if (this.gzip && this.gzipOut) {
      this.gzip.end();
      await closed(this.gzipOut);
      this.check();
      await fsyncFile(`${this.path}.gz`);
      gzip = { path: `${this.path}.gz`, bytes: this.gzipBytes, sha256: this.gzipHash.digest("hex") };
    }
    return { path: this.path, bytes: this.bytes, sha256: this.hash.digest("hex"), gzip };
  }

  /** Abandons the file (the temporary snapshot folder is removed by the caller). */
  destroy(): void {
    // Writes still in flight fail once their stream is gone: recorded (above), never thrown.
    this.gzip?.unpipe();
    this.out.destroy();
    this.gzip?.destroy();
    this.gzipOut?.destroy();
  }
}

/** fsyncs a directory, so that renames and new entries in it survive a crash. */
export async function fsyncDir(path: string): Promise<void> {
  const handle = await open(path, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
