/**
 * The cap on what one GraphQL response may weigh (`MAX_RESPONSE_BYTES`). The cost model bounds
 * how many objects a query may ask for, but scalars are free and some are long (section
 * bodies, descriptions), so a query within its cost can still ask for megabytes. A response
 * over the cap is not sent: it is replaced by one typed error, `RESPONSE_TOO_LARGE`.
 *
 * HTTP 400, like every other "ask for less" limit here (QUERY_TOO_COMPLEX): the request is
 * well-formed, but the client must change it. Not 413, which says the *request* content is
 * too large and would have clients shrink their body; not a 5xx, since nothing failed.
 *
 * Checked on the serialized bytes, at the HTTP layer, so it holds for executed answers and for
 * response-cache hits alike.
 */
import type { FastifyReply, FastifyRequest } from "fastify";

export const RESPONSE_TOO_LARGE = "RESPONSE_TOO_LARGE";

export function responseTooLargeBody(bytes: number, maximum: number): string {
  return JSON.stringify({
    errors: [
      {
        message: `The response would be ${bytes} bytes, more than the limit of ${maximum}. Ask for fewer items with \`first\`/\`last\`, select fewer or shorter fields, or split the query.`,
        extensions: { code: RESPONSE_TOO_LARGE, limit: "responseBytes", maximum, actual: bytes },
      },
    ],
  });
}

/** A Fastify `onSend` hook for /graphql: lets responses up to `maximum` bytes through, replaces larger ones. */
export function responseSizeLimit(maximum: number) {
  return async (request: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> => {
    // A UTF-16 code unit is at most 3 bytes of UTF-8: short strings need no counting.
    if (typeof payload !== "string" || payload.length * 3 <= maximum) return payload;
    const bytes = Buffer.byteLength(payload, "utf8");
    if (bytes <= maximum) return payload;
    request.log.warn({ bytes, maximum }, "GraphQL response over MAX_RESPONSE_BYTES replaced by RESPONSE_TOO_LARGE");
    // The error must not be cached by clients or CDNs as if it were the answer.
    reply.code(400).removeHeader("cache-control").header("content-type", "application/json; charset=utf-8");
    return responseTooLargeBody(bytes, maximum);
  };
}
