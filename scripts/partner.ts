// Partner API clients and keys (README, "Partner access"):
//   npm run partner -- create --id abc-recon --name "ABC reconciliation" --bank abc-nmg [--scopes loans:read,loans:write,exports:bulk]
//   npm run partner -- create --id hrss-programme --name "HRSS programme office" --role PROGRAMME_MANAGER
//   npm run partner -- rotate --client abc-recon [--grace 24h]      (old keys keep working for the grace period)
//   npm run partner -- revoke --key <key id> | --client <client id>
//   npm run partner -- list [--json]
// A key is printed once, on stdout, and never stored: keep it. Exit status: 0 done, 2 usage or bad input, 3 failure.
import "reflect-metadata";
import { parseArgs } from "node:util";
import { loadConfig } from "../src/config.js";
import { openDatabase } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { seedProgramme } from "../src/db/seed/index.js";
import { createClient, listClients, PartnerInputError, revokeClient, revokeKey, rotateKey } from "../src/services/partner.js";

const USAGE = `usage:
  npm run partner -- create --id <client id> --name <name> (--bank <bank code> | --role PROGRAMME_MANAGER) [--scopes a,b]
  npm run partner -- rotate --client <client id> [--grace 24h]
  npm run partner -- revoke (--key <key id> | --client <client id>)
  npm run partner -- list [--json]`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    id: { type: "string" },
    name: { type: "string" },
    bank: { type: "string" },
    role: { type: "string" },
    scopes: { type: "string" },
    client: { type: "string" },
    key: { type: "string" },
    grace: { type: "string" },
    json: { type: "boolean", default: false },
  },
  strict: false,
});

function usage(message?: string): never {
  if (message) console.error(message);
  console.error(USAGE);
  process.exit(2);
}

/** `24h`, `30m`, `2d`, `90s` or a number of seconds. */
function seconds(text: string): number {
  const m = /^(\d+)([smhd]?)$/.exec(text);
  if (!m) usage(`--grace must be like 24h, 30m, 2d or 90s; got ${JSON.stringify(text)}`);
  return Number(m[1]) * { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as "" | "s" | "m" | "h" | "d"];
}

const str = (v: unknown) => (typeof v === "string" ? v : undefined);
const [command] = positionals;
if (!command || !["create", "rotate", "revoke", "list"].includes(command) || positionals.length !== 1) usage();

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.pgliteDir });
let exitCode = 0;
try {
  await migrateDatabase(database);
  await seedProgramme(database);
  const db = database.db;
  if (command === "create") {
    const role = (str(values.role) ?? "BANK").toUpperCase();
    if (role !== "BANK" && role !== "PROGRAMME_MANAGER") usage("--role must be BANK or PROGRAMME_MANAGER");
    if (!str(values.id) || !str(values.name)) usage("create needs --id and --name");
    const issued = await createClient(db, { id: str(values.id)!, name: str(values.name)!, role, bankCode: str(values.bank) ?? null, scopes: str(values.scopes)?.split(",").map((s) => s.trim()).filter(Boolean) });
    console.error(`client ${issued.clientId} created; key ${issued.keyId} (shown once, keep it):`);
    console.log(issued.key);
  } else if (command === "rotate") {
    if (!str(values.client)) usage("rotate needs --client");
    const grace = seconds(str(values.grace) ?? "24h");
    const issued = await rotateKey(db, str(values.client)!, grace);
    console.error(`new key ${issued.keyId} for ${issued.clientId}; ${issued.expiring} older key(s) stop in ${grace} s (shown once, keep it):`);
    console.log(issued.key);
  } else if (command === "revoke") {
    if (!!str(values.key) === !!str(values.client)) usage("revoke needs --key or --client");
    const done = str(values.key) ? await revokeKey(db, str(values.key)!) : await revokeClient(db, str(values.client)!);
    if (!done) throw new PartnerInputError(`nothing to revoke: no live ${str(values.key) ? `key ${str(values.key)}` : `client ${str(values.client)}`}`);
    console.error("revoked");
  } else {
    const clients = await listClients(db);
    if (values.json) console.log(JSON.stringify(clients, null, 2));
    else
      for (const c of clients) {
        console.log(`${c.id}\t${c.role}\t${c.bankCode ?? "-"}\t${c.scopes.join(",")}\t${c.revokedAt ? `revoked ${c.revokedAt}` : "live"}\t${c.name}`);
        for (const k of c.keys) console.log(`  key ${k.id}\tcreated ${k.createdAt}\t${k.revokedAt ? `revoked ${k.revokedAt}` : k.expiresAt ? `expires ${k.expiresAt}` : "no expiry"}\tlast used ${k.lastUsedAt ?? "never"}`);
      }
  }
} catch (err) {
  if (err instanceof PartnerInputError) {
    console.error(err.message);
    exitCode = 2;
  } else {
    console.error(`failed: ${err instanceof Error ? err.message.split("\n")[0] : String(err)}`);
    exitCode = 3;
  }
} finally {
  await database.close();
}
process.exitCode = exitCode;
