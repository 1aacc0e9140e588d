// How fast the bulk export worker writes a partner's loans (src/exports/bulk.ts), on the
// embedded engine with the sample data (a bank of a few thousand loans), or on a PostgreSQL
// database given by URL (e.g. a copy of the benchmark's 1,000,000 loans; it is migrated first).
//   npx tsx scripts/bench-bulk-export.ts                       PGlite in memory, sample data
//   npx tsx scripts/bench-bulk-export.ts --url postgres://…    that database
// Each scenario queues one job through the service layer, runs the real worker on it, and
// prints rows, bytes, time and rows per second; the process's peak RSS comes last.
import "reflect-metadata";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import { authenticate, type PartnerViewer } from "../src/auth/viewer.js";
import { openDatabase, queryRows, type Database } from "../src/db/client.js";
import { migrateDatabase } from "../src/db/migrate.js";
import { seedProgramme, seedSample } from "../src/db/seed/index.js";
import { BulkExportWorker, bulkExportSettings, type BulkExportSettings } from "../src/exports/bulk.js";
import type { Format } from "../src/exports/formats.js";
import { createJob, jobById, jobFiles, pgTime } from "../src/services/bulk-export.js";
import { createClient } from "../src/services/partner.js";

const { values } = parseArgs({ options: { url: { type: "string" } } });
const database = await openDatabase({ url: values.url, dataDir: values.url ? undefined : "memory://", statementTimeoutMs: 3_600_000, poolSize: 4 });
await migrateDatabase(database);
if (!values.url) {
  await seedProgramme(database);
  await seedSample(database, { onlyIfAbsent: true });
}
const root = mkdtempSync(join(tmpdir(), "chuangye-bench-bulk-"));
const quiet = () => {};

async function viewerFor(id: string, role: "BANK" | "PROGRAMME_MANAGER", bankCode?: string): Promise<PartnerViewer> {
  await database.db.execute(sql`delete from api_keys where client_id = ${id}`);
  await database.db.execute(sql`delete from api_clients where id = ${id}`);
  const { key } = await createClient(database.db, { id, name: id, role, bankCode: bankCode ?? null });
  return (await authenticate(database.api, `Bearer ${key}`)) as PartnerViewer;
}

async function scenario(label: string, viewer: PartnerViewer, formats: Format[], settings: Partial<BulkExportSettings>) {
  const created = await createJob(database.api, viewer, { filterBy: {}, orderBy: { field: "LOAN_REF", direction: "ASC" }, formats, keyId: viewer.keyId });
  if (!("job" in created)) throw new Error("too many jobs");
  const worker = new BulkExportWorker(database as Database, bulkExportSettings(join(root, "exports"), { dir: join(root, "bulk"), concurrency: 1, pollMs: 50, ...settings }), { info: quiet, warn: quiet, error: console.error });
  const started = performance.now();
  worker.start();
  let job = created.job;
  while (job.status === "QUEUED" || job.status === "RUNNING") {
    await new Promise((r) => setTimeout(r, 50));
    job = (await jobById(database.db, job.id))!;
  }
  const wall = performance.now() - started;
  await worker.stop();
  if (job.status !== "SUCCEEDED") throw new Error(`${label}: ${job.status} ${job.error}`);
  const ms = Date.parse(pgTime(job.finishedAt!)) - Date.parse(pgTime(job.startedAt!));
  const files = jobFiles(job);
  const bytes = files.reduce((s, f) => s + f.bytes, 0);
  const gzip = files.reduce((s, f) => s + (f.gzip?.bytes ?? 0), 0);
  console.log(
    `${label.padEnd(44)} ${String(job.rows).padStart(9)} rows  ${(bytes / 1e6).toFixed(1).padStart(7)} MB${gzip ? ` (+${(gzip / 1e6).toFixed(1)} MB gzip)` : ""}  ${(ms / 1000).toFixed(2)} s (wall ${(wall / 1000).toFixed(2)} s)  ${Math.round((job.rows! / ms) * 1000).toLocaleString("en")} rows/s`,
  );
  rmSync(join(root, "bulk"), { recursive: true, force: true });
}

try {
  const [top] = await queryRows<{ bank: string; n: number }>(database.db, sql`select bank_code as bank, count(*) as n from guarantee_loans group by 1 order by 2 desc limit 1`);
  const bank = await viewerFor("bench-bulk-bank", "BANK", top!.bank);
  const manager = await viewerFor("bench-bulk-manager", "PROGRAMME_MANAGER");
  console.log(`engine ${database.engine}; bank ${top!.bank} holds ${Number(top!.n).toLocaleString("en")} loans`);
  await scenario("one bank: CSV, no gzip twin", bank, ["csv"], { gzip: false });
  await scenario("one bank: CSV + JSON with gzip twins (default)", bank, ["csv", "json"], {});
  await scenario("one bank: all four formats with gzip twins", bank, ["csv", "excel-csv", "json", "ndjson"], {});
  await scenario("programme manager, every bank: CSV + JSON, gzip", manager, ["csv", "json"], {});
  console.log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
} finally {
  await database.close();
  rmSync(root, { recursive: true, force: true });
}
