/**
 * What a partner key may do. A key's client has a role (a BANK acts for one bank; a
 * PROGRAMME_MANAGER — the departments running the programme — reads every bank) and scopes.
 */
export const SCOPES = {
  "loans:read": "Read the client's loans at loan level: `guaranteeLoans`, `guaranteeLoanChanges`, `viewer`, and its own statistics exactly.",
  "loans:write": "Report, correct and delete the bank's own loans (`guaranteeLoansUpsert`, `guaranteeLoansDelete`).",
  "exports:bulk": "Run bulk export jobs of the client's loans and download their files.",
  "programme:read": "Programme managers only: read every bank's loans and exact figures (every read is audited).",
} as const;

export type Scope = keyof typeof SCOPES;
export type ClientRole = "BANK" | "PROGRAMME_MANAGER";

export const DEFAULT_SCOPES: Record<ClientRole, Scope[]> = {
  BANK: ["loans:read", "loans:write", "exports:bulk"],
  PROGRAMME_MANAGER: ["programme:read", "loans:read", "exports:bulk"],
};

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPES, value);
}

/** Scopes a role may hold: only programme managers read the whole programme; they write nothing. */
export function allowedScopes(role: ClientRole): Scope[] {
  return role === "BANK" ? ["loans:read", "loans:write", "exports:bulk"] : ["programme:read", "loans:read", "exports:bulk"];
}
