/**
 * How the HTTP layer answers what no resolver sees: unknown routes (404), and errors that Fastify
 * raises itself — a body that is not JSON or holds a `__proto__` key (400), too large (413), of
 * an unsupported type (415) — or that a route throws. On `/graphql` the answer is a GraphQL
 * response (`errors` with `extensions.code`), which is what a GraphQL client parses; elsewhere it
 * is `{ error, message }`. A 5xx says nothing but "Internal server error."; the error is logged.
 *
 * Registered before any route, on purpose: Fastify binds to a route the error handler in force
 * when the route is bound, which happens at the next `await app.register(…)`. Set at the end of
 * `buildServer`, the handler missed `/graphql`, `/healthz` and `/readyz`, which then got
 * Fastify's default answers (`{ statusCode, code, error, message }`, the raw message of a 500).
 */
import type { FastifyInstance } from "fastify";

const isGraphQLRoute = (url: string) => url.split("?")[0] === "/graphql";

/** Fastify says "Body is not valid JSON" also when the JSON is fine but holds a key it refuses. */
function messageOf(error: { code?: string; message: string }): string {
  if (error.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
    return "The request body is not valid JSON, or it holds a `__proto__` or `constructor.prototype` key, which is refused: send a JSON object such as {\"query\": \"{ plans { code } }\"}.";
  }
  return error.message;
}

export function registerErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ error: "NOT_FOUND", message: `No route ${request.method} ${request.url.split("?")[0]}.` }));
  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    const graphql = isGraphQLRoute(request.url);
    if (status === 500) {
      request.log.error({ err: error }, "unexpected error");
      const message = "Internal server error.";
      return reply.code(500).send(graphql ? { errors: [{ message, extensions: { code: "INTERNAL_SERVER_ERROR" } }] } : { error: "INTERNAL_SERVER_ERROR", message });
    }
    const message = messageOf(error);
    return reply.code(status).send(graphql ? { errors: [{ message, extensions: { code: "BAD_REQUEST" } }] } : { error: error.code ?? "BAD_REQUEST", message });
  });
}
