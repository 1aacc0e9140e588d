// A database with no loans at all (a deployment before its first official loans file, or after
// one that holds none): every statistics table still answers, with empty cells, for the public, a
// bank and a programme manager. A manager's grand total reads the sum of no rollup rows, which SQL
// gives as NULL; before 7d972b7 coalesced it, the cell's total would have thrown.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClient } from "../src/services/partner.js";
import { refreshDerived } from "../src/services/refresh.js";
import { rows, startTestServer, untilServerSeesDataVersion, type TestServer } from "./support/harness.js";

let server: TestServer;
const keys: Record<string, string> = {};

beforeAll(async () => {
  server = await startTestServer();
  const db = server.database.db;
  const [bank] = await rows<{ bank: string }>(server.database, sql`select bank_code as bank from guarantee_loans group by 1 order by 1 limit 1`);
  keys.bank = (await createClient(db, { id: "no-loans-bank", name: "A bank with no loans", role: "BANK", bankCode: bank!.bank })).key;
  keys.manager = (await createClient(db, { id: "no-loans-manager", name: "Finance department", role: "PROGRAMME_MANAGER" })).key;
  await db.execute(sql`delete from guarantee_loans`);
  await refreshDerived(db, { rollups: true, search: false });
  await untilServerSeesDataVersion(server);
});
afterAll(async () => {
  await server?.close();
});

const FIELDS = "disclosure suppressed loanCount totalAmount averageAmount jobsCreated";

describe("statistics of a database with no loans", () => {
  it("the grand total is one cell of no loans: exact for a programme manager, withheld for a bank and the public as any cell under 10 loans", async () => {
    expect(await rows(server.database, sql`select count(*)::int as n from guarantee_loans`)).toEqual([{ n: 0 }]);
    expect(await rows(server.database, sql`select count(*)::int as n from loan_rollups`)).toEqual([{ n: 0 }]);
    // No bank's write waits for the refresher: the manager's figures come from the rollups.
    expect(await rows(server.database, sql`select count(*)::int as n from loan_figures_pending`)).toEqual([{ n: 0 }]);
    const query = `{ viewer { loanStatistics(groupBy: [], first: 5) { totalCount nodes { ${FIELDS} } } } }`;
    const manager: any = await server.gql(query, {}, { key: keys.manager });
    expect(manager.errors, JSON.stringify(manager.errors?.[0])).toBeUndefined();
    expect(manager.data.viewer.loanStatistics).toEqual({
      totalCount: 1,
      nodes: [{ disclosure: "EXACT", suppressed: false, loanCount: 0, totalAmount: "0.00", averageAmount: null, jobsCreated: 0 }],
    });
    const withheld = { disclosure: "WITHHELD", suppressed: true, loanCount: null, totalAmount: null, averageAmount: null, jobsCreated: null };
    const bank: any = await server.gql(query, {}, { key: keys.bank });
    expect(bank.errors, JSON.stringify(bank.errors?.[0])).toBeUndefined();
    expect(bank.data.viewer.loanStatistics).toEqual({ totalCount: 1, nodes: [withheld] });
    const pub: any = await server.gql(`{ loanStatistics(groupBy: [], first: 5) { totalCount nodes { ${FIELDS} } } }`);
    expect(pub.errors, JSON.stringify(pub.errors?.[0])).toBeUndefined();
    expect(pub.data.loanStatistics).toEqual({ totalCount: 1, nodes: [withheld] });
  });

  it("grouped tables answer too: a manager's by league, from the empty rollups", async () => {
    const res: any = await server.gql(`{ viewer { loanStatistics(groupBy: [REGION_LEAGUE], first: 20) { totalCount nodes { leagueCode disclosure loanCount totalAmount } } } }`, {}, { key: keys.manager });
    expect(res.errors, JSON.stringify(res.errors?.[0])).toBeUndefined();
    const { totalCount, nodes } = res.data.viewer.loanStatistics;
    // The 12 leagues are the table's domain, loans or not.
    expect(totalCount).toBe(12);
    for (const node of nodes) expect(node).toMatchObject({ disclosure: "EXACT", loanCount: 0, totalAmount: "0.00" });
  });
});
