import { and, count, inArray } from "drizzle-orm";
import type { Db } from "../db/client.js";
import { partnerBanks, type PartnerBankRow } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";

const byCode: KeysetOrder<PartnerBankRow> = {
  tag: "bank:code",
  keys: [{ expr: partnerBanks.code, type: "text", value: (r) => r.code }],
  direction: "ASC",
};

export function banksByCodes(db: Db, codes: readonly string[]) {
  return db.select().from(partnerBanks).where(inArray(partnerBanks.code, [...codes]));
}

export function banksConnection<N>(db: Db, args: ConnectionArgs, toNode: (r: PartnerBankRow) => N) {
  return keysetConnection({
    args,
    order: byCode,
    fetch: (q) => db.select().from(partnerBanks).where(and(q.after)).orderBy(...q.orderBy).limit(q.limit),
    count: () => db.select({ n: count() }).from(partnerBanks).then((r) => r[0]!.n),
    toNode,
  });
}
