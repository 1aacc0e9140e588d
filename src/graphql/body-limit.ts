/**
 * Two body limits on `/graphql`. Public requests are small (a query and a few variables):
 * BODY_LIMIT_BYTES (64 kB) holds them. A bank's batch of 1,000 loans is ≈ 300 kB of JSON, so
 * requests that carry an API key may send up to PARTNER_BODY_LIMIT_BYTES (1 MiB). Fastify has
 * one limit per route, so the route takes the larger one and this `preParsing` hook holds every
 * request without an `Authorization: Bearer` header to the smaller: by `Content-Length` at once,
 * and by counting the bytes of a body sent without one. A false header buys no more than the
 * partner limit, and the key is then refused (401) before anything runs. A body with a
 * `Content-Length` is checked by that alone: Node's HTTP parser never delivers more bytes than it
 * declares, so only chunked bodies are counted as they arrive.
 */
import { Transform } from "node:stream";
import { errorCodes, type FastifyReply, type FastifyRequest } from "fastify";

export const DEFAULT_PARTNER_BODY_LIMIT_BYTES = 1024 * 1024;

/** PARTNER_BODY_LIMIT_BYTES: the largest body a request with an API key may send. */
export function partnerBodyLimitFromEnv(publicLimit: number, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.PARTNER_BODY_LIMIT_BYTES;
  if (raw === undefined || raw === "") return Math.max(publicLimit, DEFAULT_PARTNER_BODY_LIMIT_BYTES);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1024 || n > 64 * 1024 * 1024) throw new Error(`PARTNER_BODY_LIMIT_BYTES must be an integer from 1024 to 67108864; got ${JSON.stringify(raw)}`);
  return Math.max(publicLimit, n);
}

const tooLarge = () => new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE();

/** The `preParsing` hook holding requests without a key to `publicLimit` bytes. */
export function publicBodyLimit(publicLimit: number) {
  return async (request: FastifyRequest, _reply: FastifyReply, payload: NodeJS.ReadableStream & { receivedEncodedLength?: number }) => {
    if (request.method === "GET" || request.method === "HEAD" || /^Bearer /i.test(request.headers.authorization ?? "")) return payload;
    const declared = request.headers["content-length"];
    if (declared !== undefined) {
      if (Number(declared) > publicLimit) throw tooLarge();
      // Node's parser delivers no more than Content-Length bytes (and Fastify refuses fewer): nothing to count.
      return payload;
    }
    let received = 0;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        received += chunk.length;
        if (received > publicLimit) done(tooLarge());
        else done(null, chunk);
      },
    });
    payload.on("error", (err) => counted.destroy(err));
    return payload.pipe(counted);
  };
}
