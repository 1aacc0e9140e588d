/**
 * Slow clients. Every open connection holds a socket, a parser and buffers; a client that
 * sends its headers a byte at a time (slowloris), stops half-way through a body, or keeps a
 * connection open doing nothing would otherwise hold them for as long as it likes. Node's
 * and Fastify's own settings bound each case:
 *
 * | case                                   | setting                          | what the client sees |
 * |----------------------------------------|----------------------------------|----------------------|
 * | headers not complete in time           | Node `headersTimeout`            | 408, then close      |
 * | body not complete in time              | Node `requestTimeout`            | 408, then close      |
 * | no traffic either way                  | Fastify `connectionTimeout`      | close                |
 * | idle keep-alive between requests       | Node `keepAliveTimeout`          | close                |
 *
 * Node enforces the first two from a periodic sweep (`connectionsCheckingInterval`, 30 s by
 * default): it is set here to a quarter of the headers timeout so that the timeouts mean what
 * they say. Node requires `headersTimeout ≤ requestTimeout` (config.ts checks it).
 */
import type { FastifyServerOptions } from "fastify";
import type { ServerOptions as HttpServerOptions } from "node:http";
import { DEFAULT_TIMEOUTS, type ServerTimeouts } from "./config.js";

export function slowClientOptions(partial: Partial<ServerTimeouts> = {}): Pick<FastifyServerOptions, "connectionTimeout" | "keepAliveTimeout" | "requestTimeout"> & { http: HttpServerOptions } {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...partial };
  const headersMs = Math.min(timeouts.headersMs, timeouts.requestMs);
  return {
    connectionTimeout: timeouts.idleMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    requestTimeout: timeouts.requestMs,
    http: {
      headersTimeout: headersMs,
      requestTimeout: timeouts.requestMs,
      connectionsCheckingInterval: Math.min(5_000, Math.max(50, Math.floor(headersMs / 4))),
    },
  };
}
