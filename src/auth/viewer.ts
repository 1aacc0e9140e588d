/**
 * Who is calling, and what they may see: the one place that reads the `Authorization` header,
 * checks the key, and hands every resolver a `Viewer` through the context. Partner fields ask
 * it for a scope (`requireScope`); loan-level SQL runs through `withViewerScope`
 * (src/auth/scoped.ts), where the database's row-level security takes over.
 */
import { GraphQLError } from "graphql";
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client.js";
import { parseKey, secretMatches } from "./keys.js";
import { isScope, type ClientRole, type Scope } from "./scopes.js";

export interface AnonymousViewer {
  kind: "anonymous";
}

export interface PartnerViewer {
  kind: "partner";
  clientId: string;
  clientName: string;
  keyId: string;
  role: ClientRole;
  /** The bank a BANK client acts for; null for programme managers. */
  bankCode: string | null;
  scopes: ReadonlySet<Scope>;
  /** When the key stops working (a rotated key's grace period), if ever. */
  keyExpiresAt: string | null;
}

export type Viewer = AnonymousViewer | PartnerViewer;

export const ANONYMOUS: AnonymousViewer = { kind: "anonymous" };

/** UNAUTHENTICATED, HTTP 401: no key where one is needed, or a key that is not (or no longer) valid. */
export function unauthenticated(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "UNAUTHENTICATED", http: { status: 401, headers: new Map([["www-authenticate", 'Bearer realm="chuangye-open-data"']]) } } });
}

/** FORBIDDEN, HTTP 403: a valid key without the scope the field needs. */
export function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: "FORBIDDEN", http: { status: 403 } } });
}

const HOW = "Send `Authorization: Bearer <key>` with a partner key (README, “Partner access”).";

/**
 * The viewer of a request from its `Authorization` header: anonymous without one; a partner for
 * a valid key; otherwise UNAUTHENTICATED (thrown), whatever the request asks for — a client
 * that sent a key meant to use it, and must learn at once that it no longer works.
 */
export async function authenticate(db: Db, header: string | undefined): Promise<Viewer> {
  if (header === undefined || header === "") return ANONYMOUS;
  const m = /^Bearer ([\x21-\x7e]{1,200})$/.exec(header);
  if (!m) throw unauthenticated(`The Authorization header must be \`Bearer <key>\`. ${HOW}`);
  const parsed = parseKey(m[1]!);
  if (!parsed) throw unauthenticated(`That is not a key of this API. ${HOW}`);
  const [row] = await queryRows<{
    secret_hash: string;
    key_revoked: boolean;
    key_expired: boolean;
    expires_at: string | null;
    client_id: string;
    client_name: string;
    role: ClientRole;
    bank_code: string | null;
    scopes: string[] | string;
    client_revoked: boolean;
  }>(
    db,
    sql`select k.secret_hash, k.revoked_at is not null as key_revoked, coalesce(k.expires_at <= now(), false) as key_expired,
               cast(k.expires_at as text) as expires_at, c.id as client_id, c.name as client_name, cast(c.role as text) as role,
               c.bank_code, c.scopes, c.revoked_at is not null as client_revoked
        from api_keys k join api_clients c on c.id = k.client_id where k.id = ${parsed.id}`,
  );
  // One answer for every way a key can be wrong: which part failed is nobody else's business.
  if (!row || !secretMatches(parsed.secret, row.secret_hash)) throw unauthenticated(`Unknown API key. ${HOW}`);
  if (row.key_revoked || row.client_revoked) throw unauthenticated("This API key has been revoked. Ask the programme's data team for a new one.");
  if (row.key_expired) throw unauthenticated("This API key has expired (it was rotated, and its grace period is over). Use the new key.");
  const scopes = (Array.isArray(row.scopes) ? row.scopes : parsePgArray(row.scopes)).filter(isScope);
  return {
    kind: "partner",
    clientId: row.client_id,
    clientName: row.client_name,
    keyId: parsed.id,
    role: row.role,
    bankCode: row.bank_code,
    scopes: new Set(scopes),
    keyExpiresAt: row.expires_at,
  };
}

/** `{a,b}` → ["a", "b"] (a driver that returns arrays as text). Scopes hold no commas or quotes. */
function parsePgArray(text: string): string[] {
  return text.replace(/^\{|\}$/g, "").split(",").filter(Boolean);
}

/** The partner viewer, if it has `scope`; UNAUTHENTICATED without a key, FORBIDDEN without the scope. */
export function requireScope(viewer: Viewer, scope: Scope): PartnerViewer {
  if (viewer.kind !== "partner") throw unauthenticated(`This field is for partner banks and programme managers only. ${HOW}`);
  if (!viewer.scopes.has(scope)) throw forbidden(`This API key lacks the scope \`${scope}\` that this field needs; it has ${[...viewer.scopes].map((s) => `\`${s}\``).join(", ") || "none"}.`);
  return viewer;
}
