import DataLoader from "dataloader";
import type { Db } from "../db/client.js";
import {
  asBank,
  asBrand,
  asDepartment,
  asDocument,
  asEvent,
  asFund,
  asGroup,
  asIncubator,
  asMetric,
  asInstrument,
  asLecturer,
  asMentor,
  asMentorTeam,
  asModelEntrepreneur,
  asPilotZone,
  asProject,
  asRegion,
  asSection,
  asServicePoint,
  asTarget,
  asTraining,
  type SectionNode,
} from "../graphql/nodes.js";
import {
  eventsByCodes,
  lecturersByCodes,
  memberCountsByTeamCodes,
  mentorsByCodes,
  mentorTeamsByCodes,
  modelEntrepreneursByCodes,
  pilotZoneMembersByZoneCodes,
  pilotZonesByCodes,
  projectsByCodes,
  servicePointsByCodes,
  trainingByKeys,
  trainingKey,
} from "../services/service-system.js";
import { brandsByCodes } from "../services/brand.js";
import { criteriaByInstrumentCodes } from "../services/eligibility.js";
import { fundLinksByInstrumentCodes, fundsByCodes, instrumentLinksByFundCodes, mentionsByFundCodes } from "../services/fund.js";
import { incubatorsByCodes } from "../services/incubator.js";
import { banksByCodes } from "../services/loan.js";
import { allTargetProgress, type TargetProgress } from "../services/progress.js";
import { revisionsByKeys } from "../services/indicator.js";
import { departmentLinksByMeasureCodes, departmentsBySlugs, measureLinksByDepartmentSlugs } from "../services/department.js";
import {
  beneficiaryGroupsByCodes,
  exclusionLinksByInstrumentCodes,
  groupLinksByInstrumentCodes,
  instrumentLinksByGroupCodes,
  instrumentsByCodes,
  instrumentsBySectionCodes,
} from "../services/instrument.js";
import { documentsBySlugs, rootSectionsByDocumentSlugs, sectionRevisionsByCodes, sectionsByCodes, sectionsByParentCodes, sectionTextAsOf, type SectionRevision } from "../services/policy.js";
import { regionsByCodes, regionsByParentCodes } from "../services/region.js";
import { targetsByCodes, targetsBySectionCodes } from "../services/target.js";
import { metricsByCodes, targetsByMetrics } from "../services/metric.js";

/**
 * A DataLoader's cache that also remembers each settled value, so that a resolver can answer
 * synchronously for a key the request already holds (primed by a list's own statement, or
 * loaded earlier). graphql-js completes a synchronous value in place; a promise — even one
 * already settled — costs a promise per object and per nested object (issue 11: Q1's 100 bases
 * with region and parent were 300 promises).
 */
class SettledCache<V> extends Map<string, Promise<V>> {
  readonly settled = new Map<string, V>();
  override set(key: string, promise: Promise<V>): this {
    promise.then(
      (value) => {
        if (super.get(key) === promise) this.settled.set(key, value);
      },
      () => {},
    );
    return super.set(key, promise);
  }
  override delete(key: string): boolean {
    this.settled.delete(key);
    return super.delete(key);
  }
  override clear(): void {
    this.settled.clear();
    super.clear();
  }
}

export type KnownLoader<V> = DataLoader<string, V> & {
  /** The value itself when the request already holds it, else the load's promise. */
  now(key: string): V | Promise<V>;
};

function knownLoader<V>(batch: (keys: readonly string[]) => Promise<V[]>): KnownLoader<V> {
  const cacheMap = new SettledCache<V>();
  const loader = new DataLoader<string, V>(batch, { cacheMap });
  return Object.assign(loader, { now: (key: string) => (cacheMap.settled.has(key) ? cacheMap.settled.get(key)! : loader.load(key)) });
}

/** One object per key, `null` for keys with no row; results in key order, as DataLoader requires. */
function byKey<Row, Node>(fetch: (keys: readonly string[]) => Promise<Row[]>, keyOf: (row: Row) => string, toNode: (row: Row) => Node) {
  return knownLoader<Node | null>(async (keys) => {
    const found = new Map<string, Node>();
    for (const row of await fetch(keys)) found.set(keyOf(row), toNode(row));
    return keys.map((k) => found.get(k) ?? null);
  });
}

/** Every row of each key, in the order the query returned them; `[]` for keys with none. */
function grouped<Row, Item>(fetch: (keys: readonly string[]) => Promise<Row[]>, keyOf: (row: Row) => string, toItem: (row: Row) => Item) {
  return knownLoader<Item[]>(async (keys) => {
    const groups = new Map<string, Item[]>(keys.map((k) => [k, []]));
    for (const row of await fetch(keys)) groups.get(keyOf(row))?.push(toItem(row));
    return keys.map((k) => groups.get(k)!);
  });
}

/**
 * The per-request DataLoaders: created for every request (the context function), so the cache
 * never outlives a request (no stale data, nothing shared between clients), while every object
 * reference and nested list in one request costs one batched query per field.
 */
const LOADERS = {
  document: (db: Db) => byKey((slugs) => documentsBySlugs(db, slugs), (r) => r.slug, asDocument),
  documentRootSections: (db: Db) => grouped((slugs) => rootSectionsByDocumentSlugs(db, slugs), (r) => r.documentSlug, asSection),
  section: (db: Db) => byKey((codes) => sectionsByCodes(db, codes), (r) => r.code, asSection),
  // Earlier texts of sections, oldest first (policy_section_revisions).
  sectionRevisions: (db: Db) => grouped((codes) => sectionRevisionsByCodes(db, codes), (r) => r.code, (r) => r),
  sectionChildren: (db: Db) => grouped((codes) => sectionsByParentCodes(db, codes), (r) => r.parentCode!, asSection),
  department: (db: Db) => byKey((slugs) => departmentsBySlugs(db, slugs), (r) => r.slug, asDepartment),
  measureDepartments: (db: Db) => grouped((codes) => departmentLinksByMeasureCodes(db, codes), (r) => r.measureCode, (r) => asDepartment(r.department)),
  departmentMeasureCodes: (db: Db) => grouped((slugs) => measureLinksByDepartmentSlugs(db, slugs), (r) => r.departmentSlug, (r) => r.measureCode),
  region: (db: Db) => byKey((codes) => regionsByCodes(db, codes), (r) => r.code, asRegion),
  regionChildren: (db: Db) => grouped((codes) => regionsByParentCodes(db, codes), (r) => r.parentCode!, asRegion),
  target: (db: Db) => byKey((codes) => targetsByCodes(db, codes), (r) => r.code, asTarget),
  metric: (db: Db) => byKey((codes) => metricsByCodes(db, codes), (r) => r.code, asMetric),
  metricTarget: (db: Db) => byKey((codes) => targetsByMetrics(db, codes), (r) => r.metric, asTarget),
  sectionTargets: (db: Db) => grouped((codes) => targetsBySectionCodes(db, codes), (r) => r.sectionCode, asTarget),
  instrument: (db: Db) => byKey((codes) => instrumentsByCodes(db, codes), (r) => r.code, asInstrument),
  sectionInstruments: (db: Db) => grouped((codes) => instrumentsBySectionCodes(db, codes), (r) => r.sectionCode, asInstrument),
  instrumentGroups: (db: Db) => grouped((codes) => groupLinksByInstrumentCodes(db, codes), (r) => r.instrumentCode, (r) => asGroup(r.group)),
  instrumentExclusions: (db: Db) => grouped((codes) => exclusionLinksByInstrumentCodes(db, codes), (r) => r.instrumentCode, (r) => asInstrument(r.excluded)),
  instrumentCriteria: (db: Db) => grouped((codes) => criteriaByInstrumentCodes(db, codes), (r) => r.instrumentCode, (r) => r),
  fund: (db: Db) => byKey((codes) => fundsByCodes(db, codes), (r) => r.code, asFund),
  fundMentions: (db: Db) => grouped((codes) => mentionsByFundCodes(db, codes), (r) => r.fundCode, (r) => r),
  fundInstruments: (db: Db) => grouped((codes) => instrumentLinksByFundCodes(db, codes), (r) => r.fundCode, (r) => asInstrument(r.instrument)),
  instrumentFunds: (db: Db) => grouped((codes) => fundLinksByInstrumentCodes(db, codes), (r) => r.instrumentCode, (r) => asFund(r.fund)),
  group: (db: Db) => byKey((codes) => beneficiaryGroupsByCodes(db, codes), (r) => r.code, asGroup),
  groupInstruments: (db: Db) => grouped((codes) => instrumentLinksByGroupCodes(db, codes), (r) => r.groupCode, (r) => asInstrument(r.instrument)),
  incubator: (db: Db) => byKey((codes) => incubatorsByCodes(db, codes), (r) => r.code, asIncubator),
  brand: (db: Db) => byKey((codes) => brandsByCodes(db, codes), (r) => r.code, asBrand),
  bank: (db: Db) => byKey((codes) => banksByCodes(db, codes), (r) => r.code, asBank),
  project: (db: Db) => byKey((codes) => projectsByCodes(db, codes), (r) => r.code, asProject),
  mentorTeam: (db: Db) => byKey((codes) => mentorTeamsByCodes(db, codes), (r) => r.code, asMentorTeam),
  mentorTeamSize: (db: Db) => new DataLoader<string, number>(async (codes) => {
    const counts = new Map((await memberCountsByTeamCodes(db, codes)).map((r) => [r.teamCode, Number(r.n)]));
    return codes.map((c) => counts.get(c) ?? 0);
  }),
  mentor: (db: Db) => byKey((codes) => mentorsByCodes(db, codes), (r) => r.code, asMentor),
  lecturer: (db: Db) => byKey((codes) => lecturersByCodes(db, codes), (r) => r.code, asLecturer),
  training: (db: Db) => byKey((keys) => trainingByKeys(db, keys), trainingKey, asTraining),
  modelEntrepreneur: (db: Db) => byKey((codes) => modelEntrepreneursByCodes(db, codes), (r) => r.code, asModelEntrepreneur),
  event: (db: Db) => byKey((codes) => eventsByCodes(db, codes), (r) => r.code, asEvent),
  servicePoint: (db: Db) => byKey((codes) => servicePointsByCodes(db, codes), (r) => r.code, asServicePoint),
  pilotZone: (db: Db) => byKey((codes) => pilotZonesByCodes(db, codes), (r) => r.code, asPilotZone),
  pilotZoneMembers: (db: Db) => grouped((codes) => pilotZoneMembersByZoneCodes(db, codes), (r) => r.zoneCode, (r) => r.regionCode),
  // Progress is computed for all targets at once (and cached per data version).
  targetProgress: (db: Db) => new DataLoader<string, TargetProgress | null>(async (codes) => {
    const all = await allTargetProgress(db);
    return codes.map((c) => all.get(c) ?? null);
  }),
  // The same as of a past instant: keys are `<epoch ms>|<target code>`.
  targetProgressAsOf: (db: Db) => new DataLoader<string, TargetProgress | null>(async (keys) => {
    const instants = new Map<string, Promise<Map<string, TargetProgress>>>();
    return Promise.all(
      keys.map(async (key) => {
        const [ms, code] = [key.slice(0, key.indexOf("|")), key.slice(key.indexOf("|") + 1)];
        if (!instants.has(ms)) instants.set(ms, allTargetProgress(db, new Date(Number(ms))));
        return (await instants.get(ms)!).get(code) ?? null;
      }),
    );
  }),
  // Every vintage of reported figures, by observationKey (metric, region, period), oldest first.
  observationRevisions: (db: Db) => grouped((keys) => revisionsByKeys(db, keys), (r) => r.key, (r) => r),
};

export type Loaders = { readonly [K in keyof typeof LOADERS]: ReturnType<(typeof LOADERS)[K]> };

/**
 * Each loader is made the first time the request asks for it: a request reads a handful of the
 * 40-odd, and making them all was ≈ 2 % of an uncached list query's CPU (issue 11). The getters
 * live on one prototype and keep the loaders in one array, so every request's object has the
 * same shape whatever it asked for first.
 */
interface LoaderSlots {
  db: Db;
  made: unknown[];
}
const loaderPrototype: object = {};
Object.keys(LOADERS).forEach((name, slot) => {
  const make = LOADERS[name as keyof typeof LOADERS] as (db: Db) => unknown;
  Object.defineProperty(loaderPrototype, name, {
    enumerable: true,
    get(this: LoaderSlots) {
      return (this.made[slot] ??= make(this.db));
    },
  });
});

export function createLoaders(db: Db): Loaders {
  const loaders: LoaderSlots = Object.create(loaderPrototype);
  loaders.db = db;
  loaders.made = [];
  return loaders as unknown as Loaders;
}


/** A target's progress now (`at` null) or as of an instant, through this request's loaders: `Target.progress(asOf:)` and the downloads of progress. */
export function loadTargetProgress(loaders: Pick<Loaders, "targetProgress" | "targetProgressAsOf">, code: string, at: Date | null): Promise<TargetProgress | null> {
  return at ? loaders.targetProgressAsOf.load(`${at.getTime()}|${code}`) : loaders.targetProgress.load(code);
}

/**
 * Sections with their text as of `at` (unchanged for null: now), each carrying the instant on to
 * its parent, children and revisions (`asOfInstant`): `policySection(asOf:)` and the download of
 * policy sections read the same text.
 */
export async function sectionsAt<S extends SectionNode | null>(loaders: Pick<Loaders, "sectionRevisions">, sections: S[], at: Date | null | undefined): Promise<S[]> {
  if (!at) return sections;
  const present = sections.filter((x): x is NonNullable<S> => x !== null);
  const revisions = await loaders.sectionRevisions.loadMany(present.map((x) => x.code));
  const byCode = new Map(present.map((x, i) => [x.code, revisions[i] instanceof Error ? [] : (revisions[i] as SectionRevision[])]));
  return sections.map((x) => (x === null ? x : ({ ...sectionTextAsOf(x, byCode.get(x.code)!, at), asOfInstant: at } as S)));
}
