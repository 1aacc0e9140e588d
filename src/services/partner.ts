/**
 * Partner API clients and their keys (the `npm run partner` CLI): registering a client prints
 * its key once; only the key's hash is kept. Rotation issues a new key and lets the old ones
 * work for a grace period; revocation stops a key, or a whole client, at once.
 */
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { apiClients, apiKeys, partnerBanks, type ApiClientRow } from "../db/schema/index.js";
import { generateKey } from "../auth/keys.js";
import { allowedScopes, DEFAULT_SCOPES, isScope, type ClientRole, type Scope } from "../auth/scopes.js";

export class PartnerInputError extends Error {}

export interface CreateClientInput {
  id: string;
  name: string;
  role: ClientRole;
  bankCode?: string | null;
  scopes?: string[];
}

export interface IssuedKey {
  clientId: string;
  keyId: string;
  /** The whole key: shown once, never stored. */
  key: string;
}

const CLIENT_ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function checkScopes(role: ClientRole, scopes: string[] | undefined): Scope[] {
  const list = scopes?.length ? scopes : DEFAULT_SCOPES[role];
  const allowed = allowedScopes(role);
  for (const s of list) {
    if (!isScope(s)) throw new PartnerInputError(`unknown scope ${JSON.stringify(s)}; scopes are ${allowed.join(", ")}`);
    if (!allowed.includes(s)) throw new PartnerInputError(`a ${role} client cannot hold the scope ${s}; it may hold ${allowed.join(", ")}`);
  }
  return [...new Set(list as Scope[])];
}

async function issueKey(db: Db, clientId: string): Promise<IssuedKey> {
  const k = generateKey();
  await db.insert(apiKeys).values({ id: k.id, clientId, secretHash: k.secretHash });
  return { clientId, keyId: k.id, key: k.key };
}

/** Registers a client and issues its first key. */
export async function createClient(db: Db, input: CreateClientInput): Promise<IssuedKey> {
  if (!CLIENT_ID.test(input.id) || input.id.length > 60) throw new PartnerInputError(`the client id must be lower-case letters, digits and hyphens (at most 60), e.g. abc-nmg-reconciliation; got ${JSON.stringify(input.id)}`);
  if (!input.name.trim() || input.name.length > 200) throw new PartnerInputError("the client needs a name (at most 200 characters)");
  if (input.role === "BANK") {
    if (!input.bankCode) throw new PartnerInputError("a BANK client needs --bank <bank code> (see partnerBanks)");
    const [bank] = await db.select().from(partnerBanks).where(eq(partnerBanks.code, input.bankCode));
    if (!bank) throw new PartnerInputError(`${JSON.stringify(input.bankCode)} is not a partner bank code`);
  } else if (input.bankCode) {
    throw new PartnerInputError("a PROGRAMME_MANAGER client reads every bank: give it no --bank");
  }
  const scopes = checkScopes(input.role, input.scopes);
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const [existing] = await t.select().from(apiClients).where(eq(apiClients.id, input.id));
    if (existing) throw new PartnerInputError(`a client ${input.id} exists already; rotate its key instead`);
    await t.insert(apiClients).values({ id: input.id, name: input.name.trim(), role: input.role, bankCode: input.role === "BANK" ? input.bankCode! : null, scopes });
    return issueKey(t, input.id);
  });
}

/**
 * A new key for a client; its other live keys keep working for `graceSeconds` more (0: stop
 * now), so a bank can deploy the new key before the old one stops.
 */
export async function rotateKey(db: Db, clientId: string, graceSeconds: number): Promise<IssuedKey & { expiring: number }> {
  if (!Number.isInteger(graceSeconds) || graceSeconds < 0 || graceSeconds > 30 * 86_400) throw new PartnerInputError("the grace period must be from 0 to 30 days");
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const client = await liveClient(t, clientId);
    const expiring = await t
      .update(apiKeys)
      .set({ expiresAt: sql`least(coalesce(${apiKeys.expiresAt}, 'infinity'), now() + make_interval(secs => ${graceSeconds}))` })
      .where(and(eq(apiKeys.clientId, client.id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id });
    const issued = await issueKey(t, client.id);
    return { ...issued, expiring: expiring.length };
  });
}

/** Stops one key at once. */
export async function revokeKey(db: Db, keyId: string): Promise<boolean> {
  const rows = await db.update(apiKeys).set({ revokedAt: sql`now()` }).where(and(eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt))).returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** Stops a client and every key it has, at once. */
export async function revokeClient(db: Db, clientId: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    const rows = await t.update(apiClients).set({ revokedAt: sql`now()` }).where(and(eq(apiClients.id, clientId), isNull(apiClients.revokedAt))).returning({ id: apiClients.id });
    await t.update(apiKeys).set({ revokedAt: sql`now()` }).where(and(eq(apiKeys.clientId, clientId), isNull(apiKeys.revokedAt)));
    return rows.length > 0;
  });
}

async function liveClient(db: Db, clientId: string): Promise<ApiClientRow> {
  const [client] = await db.select().from(apiClients).where(eq(apiClients.id, clientId));
  if (!client) throw new PartnerInputError(`no client ${JSON.stringify(clientId)}`);
  if (client.revokedAt) throw new PartnerInputError(`the client ${clientId} was revoked on ${client.revokedAt}`);
  return client;
}

/** Clients and their keys (ids and dates only: secrets are never stored). */
export async function listClients(db: Db) {
  const clients = await db.select().from(apiClients).orderBy(asc(apiClients.id));
  const keys = await db.select({ id: apiKeys.id, clientId: apiKeys.clientId, createdAt: apiKeys.createdAt, expiresAt: apiKeys.expiresAt, revokedAt: apiKeys.revokedAt, lastUsedAt: apiKeys.lastUsedAt }).from(apiKeys).orderBy(asc(apiKeys.createdAt));
  return clients.map((c) => ({ ...c, keys: keys.filter((k) => k.clientId === c.id) }));
}
