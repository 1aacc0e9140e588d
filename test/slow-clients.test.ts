// Slow clients and oversized answers (src/http-timeouts.ts, src/graphql/response-size.ts): over
// real sockets, a client that stalls half-way through a body, one that sends its headers a byte
// at a time, a silent connection and an idle keep-alive connection are all closed within the
// configured time — while normal (and slow-but-in-time) requests are answered as before.
import { connect, type Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/client.js";
import { buildServer } from "../src/server.js";
import type { TestDatabaseLocation } from "./support/engines.js";
import { openTestDatabase } from "./support/harness.js";

const TIMEOUTS = { headersMs: 1_000, requestMs: 1_000, idleMs: 1_500, keepAliveMs: 1_000 };
const MAX_RESPONSE_BYTES = 4_096;

let location: TestDatabaseLocation;
let database: Database;
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  ({ location, database } = await openTestDatabase());
  app = await buildServer({ database, logLevel: "silent", exportDir: "/nonexistent", timeouts: TIMEOUTS, maxResponseBytes: MAX_RESPONSE_BYTES });
  await app.listen({ host: "127.0.0.1", port: 0 });
  port = (app.server.address() as { port: number }).port;
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  await location?.drop();
});

interface Ended {
  /** Everything the server sent. */
  received: string;
  /** Milliseconds from connecting until the server closed the connection. */
  closedAfterMs: number;
}

/** A raw TCP connection to the server; `ended` settles when the server closes it (or after 5 s). */
function rawConnection(): Promise<{ socket: Socket; ended: Promise<Ended> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const started = performance.now();
    let received = "";
    const ended = new Promise<Ended>((done) => {
      const guard = setTimeout(() => {
        socket.destroy();
        done({ received, closedAfterMs: Number.POSITIVE_INFINITY });
      }, 5_000);
      socket.on("data", (chunk) => (received += chunk.toString()));
      socket.on("error", () => {});
      socket.on("close", () => {
        clearTimeout(guard);
        done({ received, closedAfterMs: performance.now() - started });
      });
    });
    socket.once("connect", () => resolve({ socket, ended }));
    socket.once("error", reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const query = JSON.stringify({ query: `{ plan(code: "P1") { code } }` });
const postHead = (length: number) => `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

describe("slow clients", () => {
  it("closes a stalled body, byte-by-byte headers, a silent connection and an idle keep-alive connection in time", async () => {
    // All four at once: the test takes as long as the slowest, not the sum.
    const [stalledBody, slowloris, silent, keepAlive] = await Promise.all([
      (async () => {
        // Headers announce 1,000 bytes of body; 10 arrive; then nothing.
        const { socket, ended } = await rawConnection();
        socket.write(postHead(1_000) + `{"query":"`);
        return ended;
      })(),
      (async () => {
        // The headers a byte every 50 ms: never complete within a second, yet never silent.
        const { socket, ended } = await rawConnection();
        let stop = false;
        void ended.then(() => (stop = true));
        for (const byte of postHead(query.length)) {
          if (stop) break;
          socket.write(byte);
          await sleep(50);
        }
        return ended;
      })(),
      (async () => (await rawConnection()).ended)(),
      (async () => {
        // A complete request on a keep-alive connection, answered; then the client says nothing more.
        const { socket, ended } = await rawConnection();
        socket.write(postHead(query.length) + query);
        return ended;
      })(),
    ]);

    // Node answers 408 when the headers or the body do not arrive in time, then closes.
    expect(stalledBody.received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(stalledBody.received).toContain(`"statusCode":408`);
    expect(stalledBody.closedAfterMs).toBeLessThan(3_000);
    expect(slowloris.received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(slowloris.closedAfterMs).toBeLessThan(3_000);
    // A connection that never sends a byte is held to the headers timeout as well.
    expect(silent.received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(silent.closedAfterMs).toBeLessThan(3_000);
    // The keep-alive connection got its answer, then was closed once idle (Node adds up to a second of grace).
    expect(keepAlive.received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(keepAlive.received).toMatch(/\r\nkeep-alive: timeout=1\r\n/i);
    expect(keepAlive.received).toContain(`{"data":{"plan":{"code":"P1"}}`);
    expect(keepAlive.closedAfterMs).toBeLessThan(3_000);
  });

  it("configures Node's server with the timeouts it was given", () => {
    expect(app.server.headersTimeout).toBe(1_000);
    expect(app.server.requestTimeout).toBe(1_000);
    expect(app.server.timeout).toBe(1_500); // silent connections (IDLE_TIMEOUT_MS)
    expect(app.server.keepAliveTimeout).toBe(1_000);
  });

  it("still answers a client that is slow but in time, and ordinary requests", async () => {
    // A body in two halves, 300 ms apart: well within the request timeout.
    const { socket, ended } = await rawConnection();
    socket.write(postHead(query.length) + query.slice(0, 10));
    await sleep(300);
    socket.write(query.slice(10));
    const { received } = await ended;
    expect(received).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(received).toContain(`{"data":{"plan":{"code":"P1"}}`);

    const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: query });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { plan: { code: "P1" } } });
  });
});

describe("response size", () => {
  const post = (q: string) => fetch(`http://127.0.0.1:${port}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: q }) });

  it("replaces a response over MAX_RESPONSE_BYTES with RESPONSE_TOO_LARGE, never sends it, and is not cached", async () => {
    // The text of every measure: far more than 4 KB.
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await post(`{ measures(first: 22) { nodes { code body } } }`);
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
      expect(res.headers.get("cache-control")).toBeNull();
      const text = await res.text();
      expect(text.length).toBeLessThan(600);
      const body = JSON.parse(text) as { data?: unknown; errors: { message: string; extensions: Record<string, unknown> }[] };
      expect(body.data).toBeUndefined();
      expect(body.errors).toHaveLength(1);
      const error = body.errors[0]!;
      expect(error.extensions).toMatchObject({ code: "RESPONSE_TOO_LARGE", limit: "responseBytes", maximum: 4096 });
      const actual = error.extensions.actual as number;
      expect(actual).toBeGreaterThan(4096);
      expect(error.message).toBe(
        `The response would be ${actual} bytes, more than the limit of 4096. Ask for fewer items with \`first\`/\`last\`, select fewer or shorter fields, or split the query.`,
      );
    }
  });

  it("sends responses up to the limit as they are, and checks GET too", async () => {
    const small = await post(`{ measures(first: 3) { nodes { code } } }`);
    expect(small.status).toBe(200);
    expect(small.headers.get("cache-control")).toMatch(/max-age=\d+/);
    expect(((await small.json()) as any).data.measures.nodes.map((n: { code: string }) => n.code)).toEqual(["P1-M1", "P1-M2", "P1-M3"]);

    const get = await fetch(`http://127.0.0.1:${port}/graphql?query=${encodeURIComponent(`{ measures(first: 22) { nodes { body } } }`)}`, { headers: { "apollo-require-preflight": "true" } });
    expect(get.status).toBe(400);
    expect(((await get.json()) as any).errors[0].extensions.code).toBe("RESPONSE_TOO_LARGE");
  });
});
