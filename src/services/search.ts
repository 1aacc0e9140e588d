import { and, getTableName, inArray, sql, type SQL } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../db/client.js";
import { bulkInsert } from "../db/bulk.js";
import { demonstrationBrands, departments, entrepreneurshipEvents, fundMentions, funds, incubatorBases, mentorTeams, pilotZones, policySections, searchEntries, servicePoints, supportInstruments, targets } from "../db/schema/index.js";
import { keysetConnection, type ConnectionArgs, type KeysetOrder } from "../graphql/pagination.js";
import { tsvectorLiteral, type ParsedQuery } from "./search-text.js";

/** What can be searched; the value is the GraphQL typename of the hit. */
// The service system's records too — not its people (mentors, model entrepreneurs, lecturers):
// their public names are published on their lists, but a name search over people is not offered.
// Nor the project library: its 15,000+ projects have their own `projectLibrary(filterBy: { text })`,
// and indexing them here again made every seed and import rebuild ≈ 17,000 entries (≈ 1.9 s on PGlite).
export const SEARCH_TYPES = [
  "Measure", "Plan", "SupportInstrument", "Fund", "Target", "Department", "IncubatorBase", "DemonstrationBrand",
  "MentorTeam", "EntrepreneurshipEvent", "ServicePoint", "PilotZone",
] as const;
export type SearchTypename = (typeof SEARCH_TYPES)[number];

interface Entry {
  type: SearchTypename;
  key: string;
  title: string;
  titleEn: string;
  body: string;
}

/**
 * Every table the index is built from: an import into any other table (loans, indicators, the
 * project library, people …) leaves the index as it is (src/imports/run.ts). collectEntries names
 * each through `source`, which refuses a table not listed here, so the list cannot fall behind it.
 */
export const SEARCH_SOURCES: ReadonlySet<PgTable> = new Set<PgTable>([policySections, supportInstruments, fundMentions, funds, targets, departments, incubatorBases, demonstrationBrands, mentorTeams, entrepreneurshipEvents, servicePoints, pilotZones]);

function source<T extends PgTable>(table: T): T {
  if (!SEARCH_SOURCES.has(table)) throw new Error(`search index: ${getTableName(table)} is read but not listed in SEARCH_SOURCES`);
  return table;
}

/** Collects every searchable object, as title (weight A), English title (A) and body (B). */
async function collectEntries(db: Db): Promise<Entry[]> {
  const entries: Entry[] = [];
  for (const s of await db.select().from(source(policySections)).where(inArray(policySections.kind, ["PLAN", "MEASURE"]))) {
    entries.push({ type: s.kind === "PLAN" ? "Plan" : "Measure", key: s.code, title: s.title, titleEn: s.titleEn, body: s.body });
  }
  for (const i of await db.select().from(source(supportInstruments))) {
    entries.push({ type: "SupportInstrument", key: i.code, title: i.name, titleEn: i.nameEn, body: `${i.sourceQuote} ${i.conditions} ${i.conditionsEn}` });
  }
  const mentions = await db.select().from(source(fundMentions));
  for (const f of await db.select().from(source(funds))) {
    const words = mentions.filter((m) => m.fundCode === f.code).map((m) => m.sourceQuote);
    entries.push({ type: "Fund", key: f.code, title: f.name, titleEn: f.nameEn, body: words.join(" ") });
  }
  for (const t of await db.select().from(source(targets))) {
    entries.push({ type: "Target", key: t.code, title: t.metricName, titleEn: t.metricNameEn, body: t.sourceQuote });
  }
  for (const d of await db.select().from(source(departments))) {
    entries.push({ type: "Department", key: d.slug, title: d.name, titleEn: d.nameEn, body: d.aliases.join(" ") });
  }
  for (const b of await db.select().from(source(incubatorBases))) {
    entries.push({ type: "IncubatorBase", key: b.code, title: b.name, titleEn: b.nameEn, body: b.operator });
  }
  for (const b of await db.select().from(source(demonstrationBrands))) {
    entries.push({ type: "DemonstrationBrand", key: b.code, title: b.name, titleEn: b.nameEn, body: "" });
  }
  for (const t of await db.select().from(source(mentorTeams))) {
    entries.push({ type: "MentorTeam", key: t.code, title: t.name, titleEn: t.nameEn, body: "" });
  }
  for (const e of await db.select().from(source(entrepreneurshipEvents))) {
    entries.push({ type: "EntrepreneurshipEvent", key: e.code, title: e.name, titleEn: e.nameEn, body: `${e.venue} ${e.organiser}` });
  }
  for (const p of await db.select().from(source(servicePoints))) {
    entries.push({ type: "ServicePoint", key: p.code, title: p.name, titleEn: p.nameEn, body: p.host });
  }
  for (const z of await db.select().from(source(pilotZones))) {
    entries.push({ type: "PilotZone", key: z.code, title: z.name, titleEn: z.nameEn, body: z.sourceQuote });
  }
  return entries;
}

/** Rewrites the search index from the tables; called in the same transaction as every seed and import. */
export async function rebuildSearchIndex(db: Db): Promise<number> {
  const entries = await collectEntries(db);
  await db.delete(searchEntries);
  return bulkInsert(
    db,
    searchEntries,
    entries.map((e) => ({
      ...e,
      vector: tsvectorLiteral([
        { text: e.title, weight: "A" },
        { text: e.titleEn, weight: "A" },
        { text: e.body, weight: "B" },
      ]),
    })),
  );
}

export interface SearchHit {
  type: SearchTypename;
  key: string;
  title: string;
  titleEn: string;
  body: string;
  rank: number;
}

export function searchConnection<N>(db: Db, query: ParsedQuery, types: readonly SearchTypename[] | null, args: ConnectionArgs, toNode: (hit: SearchHit) => N) {
  const tsquery = sql`cast(${query.tsquery} as tsquery)`;
  // Normalisation 1 divides by 1 + log(length): a short title that matches beats a long body.
  const rank = sql<number>`cast(ts_rank(${searchEntries.vector}, ${tsquery}, 1) as double precision)`;
  const conditions: SQL[] = [sql`${searchEntries.vector} @@ ${tsquery}`];
  if (types && types.length > 0) conditions.push(inArray(searchEntries.type, [...types]));
  const where = and(...conditions);
  const order: KeysetOrder<SearchHit> = {
    // The query is part of the tag: a cursor from one search is refused by another.
    tag: `search:${query.tsquery}:${(types ?? []).join(",")}`.slice(0, 200),
    keys: [
      { expr: rank, type: "float", value: (h) => h.rank },
      { expr: searchEntries.type, type: "text", value: (h) => h.type },
      { expr: searchEntries.key, type: "text", value: (h) => h.key },
    ],
    direction: "DESC",
  };
  return keysetConnection({
    args,
    order,
    fetch: (q) =>
      db
        .select({ type: searchEntries.type, key: searchEntries.key, title: searchEntries.title, titleEn: searchEntries.titleEn, body: searchEntries.body, rank })
        .from(searchEntries)
        .where(and(where, q.after))
        .orderBy(...q.orderBy)
        .limit(q.limit) as Promise<SearchHit[]>,
    count: () => db.select({ n: sql<number>`cast(count(*) as integer)` }).from(searchEntries).where(where).then((r) => r[0]!.n),
    toNode,
  });
}

