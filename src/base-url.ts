import type { FastifyRequest } from "fastify";

/**
 * The origin clients reach this service at, for links and examples that must work when copied:
 * PUBLIC_BASE_URL when it is set (behind a proxy that rewrites the host), otherwise the request's
 * own protocol and Host (X-Forwarded-Proto / -Host behind a trusted proxy). A Host that is not
 * a plain host name with an optional port is not echoed back (it would land in HTML).
 */
export function requestBaseUrl(request: FastifyRequest, publicBaseUrl: string | null): string {
  if (publicBaseUrl) return publicBaseUrl;
  const host = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(request.host) ? request.host : "127.0.0.1";
  const protocol = request.protocol === "https" ? "https" : "http";
  return `${protocol}://${host}`;
}

/**
 * The address written into a version's datapackage.json and citation when PUBLIC_BASE_URL is not
 * set. An export runs without a request to take the address from, so it is the service's default
 * local address: set PUBLIC_BASE_URL wherever the versions are meant to be cited.
 */
export const DEFAULT_EXPORT_BASE_URL = "http://127.0.0.1:4000";

/** PUBLIC_BASE_URL, else the local address on the service's port (the one it listens on; PORT for `npm run export`). */
export function exportBaseUrl(publicBaseUrl: string | null, port: number): string {
  return publicBaseUrl ?? `http://127.0.0.1:${port}`;
}
