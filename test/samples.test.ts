// Sample data cannot pass as real: every name of a SAMPLE row carries the marker in the name
// itself — in the database, over GraphQL, in every exported CSV and on the front page — sample
// operators are invented, official files cannot bring the marker in, and every type that holds
// data says where it comes from.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_NAME_MARKER, SAMPLE_NAME_MARKER_EN } from "../src/db/schema/common.js";
import { PUBLIC_DATASETS } from "../src/exports/catalogue.js";
import { runExport } from "../src/exports/run.js";
import { importFile } from "../src/imports/run.js";
import { rows, startTestServer, type TestServer } from "./support/harness.js";

const dir = mkdtempSync(join(tmpdir(), "chuangye-samples-"));
let server: TestServer;
let snapshot: string;

beforeAll(async () => {
  server = await startTestServer({ exportDir: dir });
  const result = await runExport(server.database, { dir, trigger: "MANUAL" });
  expect(result.status).toBe("SUCCEEDED");
  snapshot = result.snapshotId!;
});
afterAll(async () => {
  await server?.close();
});

/** Columns holding a name a person reads: Chinese ones get 〔示例〕, English ones "[Sample] ". */
const isEnglishName = (c: string) => /(^|_)(name|title|operator|organi[sz]er)_en$/.test(c);
const isChineseName = (c: string) => /(^|_)(name|title|operator|organi[sz]er)$/.test(c);

/** Tables with a name but no provenance, because they are not published data. */
const NOT_DATA: Record<string, string> = {
  api_clients: "partner API clients (credentials), never published",
};

const n = (v: unknown) => Number(v);

describe("sample names in the database", () => {
  it("every table with a provenance and a name column: no SAMPLE row lacks the marker, no SOURCE row has it", async () => {
    // Found from the catalogue, not listed by hand: a table added later is checked too.
    const columns = await rows<{ table_name: string; column_name: string }>(
      server.database,
      sql`select table_name, column_name from information_schema.columns where table_schema = current_schema() order by table_name, ordinal_position`,
    );
    const byTable = new Map<string, string[]>();
    for (const c of columns) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c.column_name]);

    const checked: Record<string, { sample: number; unmarked: number; markedSource: number; columns: string[] }> = {};
    for (const [table, cols] of byTable) {
      const names = cols.filter((c) => isChineseName(c) || isEnglishName(c));
      if (!cols.includes("provenance") || names.length === 0) continue;
      const missing = names.map((c) => (isEnglishName(c) ? sql`coalesce(${sql.identifier(c)}, '') not like ${`${escapeLike(SAMPLE_NAME_MARKER_EN)}%`}` : sql`coalesce(${sql.identifier(c)}, '') not like ${`${SAMPLE_NAME_MARKER}%`}`));
      const marked = names.map((c) => sql`coalesce(${sql.identifier(c)}, '') like ${`${SAMPLE_NAME_MARKER}%`} or coalesce(${sql.identifier(c)}, '') like ${`${escapeLike(SAMPLE_NAME_MARKER_EN)}%`}`);
      const [r] = await rows<Record<string, unknown>>(
        server.database,
        sql`select count(*) filter (where provenance = 'SAMPLE') as sample,
                   count(*) filter (where provenance = 'SAMPLE' and (${sql.join(missing, sql` or `)})) as unmarked,
                   count(*) filter (where provenance = 'SOURCE' and (${sql.join(marked, sql` or `)})) as marked_source
            from ${sql.identifier(table)}`,
      );
      checked[table] = { sample: n(r!.sample), unmarked: n(r!.unmarked), markedSource: n(r!.marked_source), columns: names };
    }
    // The tables that hold sample rows today, with every name column checked, and real rows in them.
    expect(checked).toMatchObject({
      incubator_bases: { sample: 672, columns: ["name", "name_en", "operator"] },
      demonstration_brands: { sample: 103, columns: ["name", "name_en"] },
      partner_banks: { sample: 8, columns: ["name", "name_en"] },
      regions: { sample: 0, columns: ["name", "name_en"] },
      beneficiary_groups: { sample: 0, columns: ["name", "name_en"] },
      departments: { sample: 0 },
      support_instruments: { sample: 0 },
    });
    for (const [table, c] of Object.entries(checked)) {
      expect(c.unmarked, `${table}: SAMPLE rows without the marker`).toBe(0);
      expect(c.markedSource, `${table}: SOURCE rows with the marker`).toBe(0);
    }
  });

  it("every table with a name has a provenance (except the service's own tables)", async () => {
    const found = await rows<{ table_name: string }>(
      server.database,
      sql`select distinct n.table_name from information_schema.columns n
          where n.table_schema = current_schema() and n.column_name = 'name'
            and not exists (select 1 from information_schema.columns p where p.table_schema = n.table_schema and p.table_name = n.table_name and p.column_name = 'provenance')
          order by n.table_name`,
    );
    expect(found.map((r) => r.table_name)).toEqual(Object.keys(NOT_DATA).sort());
  });

  it("the search index shows the marked names (its titles come from the tables)", async () => {
    const [r] = await rows<Record<string, unknown>>(
      server.database,
      sql`select count(*) as n,
                 count(*) filter (where e.title not like ${`${SAMPLE_NAME_MARKER}%`} or e.title_en not like ${`${escapeLike(SAMPLE_NAME_MARKER_EN)}%`}) as unmarked
          from search_entries e join incubator_bases b on e.type = 'IncubatorBase' and e.key = b.code where b.provenance = 'SAMPLE'`,
    );
    expect([n(r!.n), n(r!.unmarked)]).toEqual([672, 0]);
  });
});

describe("sample names over GraphQL", () => {
  it("names and operators: marked, invented, and the other fields exactly as before the marker", async () => {
    const res = await server.gql(`{
      a: incubatorBase(code: "S-IB-0001") { name nameEn operator region { name } level recognizedYear areaSqm tenants graduates jobs provenance }
      b: incubatorBase(code: "S-IB-0002") { name operator governmentBuilt jobs provenance }
      brand: demonstrationBrand(code: "S-DB-0001") { name nameEn year provenance }
      partnerBank(code: "abc-nmg") { name nameEn provenance }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      a: {
        name: "〔示例〕苏尼特左旗电商创业孵化示范基地",
        nameEn: "[Sample] Sunite Left Banner E-commerce Entrepreneurship Incubation Demonstration Base",
        // Was 内蒙古电商创业服务有限公司, a name a real company could have.
        operator: "〔示例〕电商孵化运营方(虚构)",
        region: { name: "苏尼特左旗" },
        level: "NATIONAL",
        recognizedYear: 2016,
        areaSqm: 17260,
        tenants: 97,
        graduates: 105,
        jobs: 793,
        provenance: "SAMPLE",
      },
      // Was 敖汉旗人力资源和社会保障局, a real bureau.
      b: { name: "〔示例〕敖汉旗科技创业孵化示范基地", operator: "〔示例〕敖汉旗公办孵化运营方(虚构)", governmentBuilt: true, jobs: 549, provenance: "SAMPLE" },
      brand: { name: "〔示例〕“青城创业”创业品牌", nameEn: '[Sample] "Qingcheng Entrepreneurship" entrepreneurship brand', year: 2022, provenance: "SAMPLE" },
      partnerBank: { name: "〔示例〕中国农业银行内蒙古自治区分行", nameEn: "[Sample] Agricultural Bank of China, Inner Mongolia Branch", provenance: "SAMPLE" },
    });
  });

  it("every sample incubator base, brand and bank the API lists carries the marker; no operator is a bureau or a company", async () => {
    const all = async (field: string, selection: string) => {
      const out: any[] = [];
      let after: string | null = null;
      do {
        const res: any = await server.gql(`query($after: String) { ${field}(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { ${selection} } } }`, { after });
        expect(res.errors).toBeUndefined();
        out.push(...res.data[field].nodes);
        after = res.data[field].pageInfo.hasNextPage ? res.data[field].pageInfo.endCursor : null;
      } while (after);
      return out;
    };
    const bases = await all("incubatorBases", "name nameEn operator provenance");
    const brands = await all("demonstrationBrands", "name nameEn provenance");
    const banks = await all("partnerBanks", "name nameEn provenance");
    expect([bases.length, brands.length, banks.length]).toEqual([672, 103, 8]);
    for (const r of [...bases, ...brands, ...banks]) {
      expect(r.provenance).toBe("SAMPLE");
      expect(r.name.startsWith(SAMPLE_NAME_MARKER), r.name).toBe(true);
      expect(r.nameEn.startsWith(SAMPLE_NAME_MARKER_EN), r.nameEn).toBe(true);
    }
    for (const b of bases) {
      expect(b.operator).toMatch(/^〔示例〕.+运营方\(虚构\)$/);
      expect(b.operator).not.toMatch(/局|厅|委员会|政府|有限公司|股份/);
    }
  });

  it("every type that holds data has a non-null provenance; regions and groups answer SOURCE", async () => {
    const schema = await server.gql(`{ __schema { types { name kind interfaces { name } fields { name type { kind ofType { name } } } } } }`);
    // Every object with an identity holds data, except the service's own records of its work.
    const SERVICE_RECORDS = ["BulkExportJob", "ExportRun"];
    const nodes = schema.data.__schema.types.filter((t: any) => t.kind === "OBJECT" && t.interfaces.some((i: any) => i.name === "Node"));
    expect(nodes.filter((t: any) => SERVICE_RECORDS.includes(t.name)).map((t: any) => t.name).sort()).toEqual(SERVICE_RECORDS);
    const dataTypes = [...nodes.filter((t: any) => !SERVICE_RECORDS.includes(t.name)), ...schema.data.__schema.types.filter((t: any) => ["IndicatorObservation", "LoanStatisticsRow"].includes(t.name))];
    expect(dataTypes.map((t: any) => t.name)).toEqual(expect.arrayContaining(["Region", "BeneficiaryGroup", "Department", "Plan", "Measure", "DocumentSection", "PolicyDocument", "Target", "SupportInstrument", "IncubatorBase", "DemonstrationBrand", "PartnerBank", "GuaranteeLoan", "IndicatorObservation", "LoanStatisticsRow"]));
    for (const t of dataTypes) {
      const field = t.fields.find((f: any) => f.name === "provenance");
      expect(field?.type, `${t.name}.provenance`).toEqual({ kind: "NON_NULL", ofType: { name: "Provenance" } });
    }

    const res = await server.gql(`{
      region(code: "150000") { name provenance }
      leagues: regions(first: 100, filterBy: { level: LEAGUE }) { totalCount nodes { provenance } }
      counties: regions(first: 100, filterBy: { parentCode: "150100" }) { nodes { name provenance } }
      beneficiaryGroups { code provenance }
      beneficiaryGroup(code: VETERANS) { name nameEn provenance }
      incubatorBase(code: "S-IB-0001") { provenance region { provenance parent { provenance } } }
      supportInstrument(code: "one-time-startup-subsidy") { eligibleGroups { provenance } }
    }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.region).toEqual({ name: "内蒙古自治区", provenance: "SOURCE" });
    expect(res.data.leagues.totalCount).toBe(12);
    expect(new Set(res.data.leagues.nodes.map((r: any) => r.provenance))).toEqual(new Set(["SOURCE"]));
    expect(res.data.counties.nodes[0]).toEqual({ name: "新城区", provenance: "SOURCE" });
    expect(res.data.beneficiaryGroups).toHaveLength(14);
    expect(res.data.beneficiaryGroups.every((g: any) => g.provenance === "SOURCE")).toBe(true);
    expect(res.data.beneficiaryGroup).toEqual({ name: "退役军人", nameEn: "Veterans", provenance: "SOURCE" });
    // A client sees sample data on sample records only, even when it walks from one to the other.
    expect(res.data.incubatorBase).toEqual({ provenance: "SAMPLE", region: { provenance: "SOURCE", parent: { provenance: "SOURCE" } } });
    const groups = res.data.supportInstrument.eligibleGroups;
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g: any) => g.provenance === "SOURCE")).toBe(true);
    // And the database agrees.
    const [db] = await rows<Record<string, unknown>>(
      server.database,
      sql`select (select count(*) from regions where provenance = 'SOURCE') as regions, (select count(*) from beneficiary_groups where provenance = 'SOURCE') as groups`,
    );
    expect([n(db!.regions), n(db!.groups)]).toEqual([116, 14]);
  });
});

describe("sample names in the exports and on the front page", () => {
  it("no SAMPLE row of any exported CSV (plain or Excel) has a name without the marker", async () => {
    const checked: Record<string, number> = {};
    for (const d of PUBLIC_DATASETS) {
      const names = d.columns.map((c) => c.name).filter((c) => isChineseName(c) || isEnglishName(c));
      if (!d.columns.some((c) => c.name === "provenance") || names.length === 0) continue;
      for (const suffix of [".csv", ".excel.csv"]) {
        const text = readFileSync(join(dir, snapshot, `${d.name}${suffix}`), "utf8").replace(/^\uFEFF/, "");
        // The Excel variant's header is "中文 english"; the column is the last word.
        const records: Record<string, string>[] = parse(text, { columns: (header: string[]) => header.map((h) => h.split(" ").at(-1)!) });
        let sample = 0;
        for (const r of records) {
          if (r.provenance === "SOURCE") {
            for (const c of names) expect(r[c]!.startsWith(SAMPLE_NAME_MARKER) || r[c]!.startsWith(SAMPLE_NAME_MARKER_EN), `${d.name}${suffix} SOURCE ${c}`).toBe(false);
            continue;
          }
          expect(r.provenance).toBe("SAMPLE");
          sample++;
          for (const c of names) {
            const marker = isEnglishName(c) ? SAMPLE_NAME_MARKER_EN : SAMPLE_NAME_MARKER;
            expect(r[c]!.startsWith(marker), `${d.name}${suffix} ${c}: ${r[c]}`).toBe(true);
          }
        }
        checked[`${d.name}${suffix}`] = sample;
      }
    }
    expect(checked).toEqual({
      "incubator-bases.csv": 672,
      "incubator-bases.excel.csv": 672,
      "demonstration-brands.csv": 103,
      "demonstration-brands.excel.csv": 103,
      "partner-banks.csv": 8,
      "partner-banks.excel.csv": 8,
      // The service system's datasets (sample counts as in the README's table).
      ...Object.fromEntries(
        Object.entries({ "project-library": 15_949, "mentor-teams": 113, mentors: 1_581, "training-lecturers": 1_090, "model-entrepreneurs": 400, "entrepreneurship-events": 180, "service-points": 135 }).flatMap(([name, n]) => [
          [`${name}.csv`, n],
          [`${name}.excel.csv`, n],
        ]),
      ),
    });
  });

  it("the front page explains the marker beside every dataset that may hold samples", async () => {
    const page = await (await fetch(`${server.url}/`)).text();
    expect(page).toContain("every sample name says so itself: it starts with <b>〔示例〕</b>");
    const sampleRows = page.split("\n").filter((l) => l.includes("may hold SAMPLE rows"));
    expect(sampleRows.length).toBe(PUBLIC_DATASETS.filter((d) => d.mayHoldSamples).length);
    for (const l of sampleRows) expect(l).toContain("(names marked 〔示例〕)");
  });
});

describe("official files", () => {
  it("cannot bring a marked name in as SOURCE: the import refuses the row and changes nothing", async () => {
    const before = await rows<{ n: unknown }>(server.database, sql`select count(*) as n from incubator_bases where provenance = 'SAMPLE'`);
    const path = join(dir, "marked.csv");
    writeFileSync(
      path,
      [
        "code,name,name_en,kind,level,county_code,operator,recognized_year,area_sqm,government_built,free_space_share,tenants,graduates,jobs",
        "OFF-1,〔示例〕赛罕区众创空间,Saihan Maker Space,MAKER_SPACE,LEAGUE,150105,赛罕区某公司,2024,1200,false,0.2,10,2,40",
        "OFF-2,赛罕区众创空间,[sample] Saihan Maker Space,MAKER_SPACE,LEAGUE,150105,赛罕区某公司,2024,1200,false,0.2,10,2,40",
        "OFF-3,赛罕区创客空间,Saihan Makers,MAKER_SPACE,LEAGUE,150105,〔示例〕赛罕区公办孵化运营方(虚构),2024,1200,false,0.2,10,2,40",
      ].join("\n"),
    );
    const report = await importFile(server.database, "incubator-bases", path);
    expect(report.committed).toBe(false);
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([
      [2, "name"],
      [3, "name_en"],
      [4, "operator"],
    ]);
    expect(report.errors[0]!.message).toContain("carries the sample marker");
    const after = await rows<{ n: unknown }>(server.database, sql`select count(*) as n from incubator_bases where provenance = 'SAMPLE'`);
    expect(n(after[0]!.n)).toBe(n(before[0]!.n));
  });
});

/** `[Sample] ` as a LIKE prefix: `[`, `]` and space are literal in LIKE, `_` and `%` would not be. */
function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}
