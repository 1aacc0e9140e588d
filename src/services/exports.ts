import { count } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { exportRuns, type ExportRunRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

const newestFirst: KeysetOrder<ExportRunRow> = {
  tag: "exportRun:id",
  keys: [{ expr: exportRuns.id, type: "int", value: (r) => r.id }],
  direction: "DESC",
};

/** Export runs, newest first. */
export function exportRunsConnection<N>(db: Db, args: ConnectionArgs, toNode: (r: ExportRunRow) => N) {
  return keysetConnection({
    args,
    order: newestFirst,
    fetch: (q) => db.select().from(exportRuns).where(q.after).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(exportRuns).then((r) => r[0]!.n),
    toNode,
  });
}
