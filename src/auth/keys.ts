/**
 * API keys: `cyk_<id>_<secret>`. The id finds the key without scanning; only the SHA-256 of the
 * secret is stored (the key is printed once, when it is made). Secrets are 256 random bits,
 * so a plain hash is enough: there is nothing to brute-force the way a password would be.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const PREFIX = "cyk";
const KEY = /^cyk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface NewKey {
  id: string;
  /** The whole key, to hand to the client once. */
  key: string;
  secretHash: string;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function generateKey(): NewKey {
  // The public part: 12 characters of [a-z0-9] (a slight modulo bias is harmless in an identifier).
  const id = Array.from(randomBytes(12), (b) => "abcdefghijklmnopqrstuvwxyz0123456789"[b % 36]).join("");
  const secret = randomBytes(32).toString("base64url");
  return { id, key: `${PREFIX}_${id}_${secret}`, secretHash: hashSecret(secret) };
}

/** The id and secret of a well-formed key, or null. */
export function parseKey(key: string): { id: string; secret: string } | null {
  const m = KEY.exec(key);
  return m ? { id: m[1]!, secret: m[2]! } : null;
}

/** Compares in constant time, so response timing says nothing about how much of a secret was right. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), "hex");
  const b = Buffer.from(storedHash, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
