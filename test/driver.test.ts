// The PostgreSQL driver survives a connection the server closes under it. postgres.js 3.4.9 defers
// small writes behind setImmediate; when the connection closes first, the deferred write used to
// dereference a null socket and throw from the immediate — an uncaught exception that takes the
// whole process down (upstream porsager/postgres#1154, #1208; unfixed in the latest release).
// patches/postgres+3.4.9.patch (applied by `npm ci`'s postinstall) settles the waiting query with
// a catchable CONNECTION_CLOSED instead. Without the patch this file fails with an unhandled error.
import postgres from "postgres";
import { describe, expect, it } from "vitest";
import { ADMIN_URL, testEngine } from "./support/engines.js";

describe.skipIf(testEngine() !== "postgres")("the PostgreSQL driver, when the server closes a connection", () => {
  it("rejects the query on it with CONNECTION_CLOSED instead of crashing the process", async () => {
    const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    try {
      // A reserved connection is pinned: the pool cannot rotate the dead one away before the write.
      const reserved = await sql.reserve();
      const pid = (await reserved<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      await admin`select pg_terminate_backend(${pid})`;
      await new Promise((r) => setTimeout(r, 200));
      await expect(reserved`select 1 as n`).rejects.toMatchObject({ code: "CONNECTION_CLOSED" });
      // Still alive, and other connections work.
      expect(await admin<{ n: number }[]>`select 1 as n`).toEqual([{ n: 1 }]);
    } finally {
      await sql.end({ timeout: 1 });
      await admin.end({ timeout: 1 });
    }
  });

  it("a pooled connection the server closed is replaced: the next query succeeds", async () => {
    const sql = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
    try {
      const pid = (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      await admin`select pg_terminate_backend(${pid})`;
      await new Promise((r) => setTimeout(r, 200));
      const next = (await sql<{ pid: number }[]>`select pg_backend_pid() as pid`)[0]!.pid;
      expect(next).not.toBe(pid);
    } finally {
      await sql.end({ timeout: 1 });
      await admin.end({ timeout: 1 });
    }
  });
});
