/**
 * A bulk export worker in a process of its own, for test/bulk-export.test.ts to kill mid-job:
 * it runs the service's worker on DATABASE_URL (or PGLITE_DIR), slowed down (tiny batches, a
 * pause after each) so that the test can catch it while it writes, until it is killed.
 *   node --import tsx test/support/bulk-export-worker.ts <exportDir> <bulkDir>
 */
import { openDatabase } from "../../src/db/client.js";
import { BulkExportWorker, bulkExportSettings } from "../../src/exports/bulk.js";

const [exportDir, bulkDir] = process.argv.slice(2) as [string, string];
const database = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir: process.env.PGLITE_DIR || undefined, poolSize: 2 });
const quiet = () => {};
new BulkExportWorker(database, bulkExportSettings(exportDir, { dir: bulkDir, concurrency: 1, pollMs: 100, batchSize: 20, pauseAfterBatchMs: 100 }), { info: quiet, warn: quiet, error: quiet }).start();
// The worker's timer does not hold the process: this does, until the test kills it.
setInterval(() => {}, 60_000);
