import { cacheControlFromInfo } from "@apollo/cache-control-types";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Ctx, FieldResolver, Info, Query, Resolver, Root } from "type-graphql";
import { LICENSE, PUBLIC_DATASETS, PUBLISHER, UPDATE_FREQUENCY, type DatasetDefinition } from "../exports/catalogue.js";
import { citationText } from "../exports/citation.js";
import { citationOf, latestOfDataset, snapshotsOfDataset, type PublishedSnapshot } from "../exports/snapshots.js";
import { readLatest } from "../exports/store.js";
import type { Context } from "../graphql/context.js";
import { toGlobalId } from "../graphql/ids.js";
import { found } from "../graphql/validate.js";
import { ConnectionArgs } from "../schema/connection.js";
import { Dataset, DatasetSnapshot, ExportRunConnection } from "../schema/exports.js";
import { exportRunsConnection } from "../services/exports.js";
import { disclosureControl } from "../services/disclosure.js";
import type { ExportRunRow } from "../db/schema/index.js";
import { absoluteUrl, paths } from "../views/urls.js";

const FORMAT_ENUM = { csv: "CSV", "excel-csv": "EXCEL_CSV", json: "JSON", ndjson: "NDJSON" } as const;

function toDataset(d: DatasetDefinition) {
  return {
    name: d.name,
    version: d.version,
    title: d.titleZh,
    titleEn: d.titleEn,
    description: d.descriptionZh,
    descriptionEn: d.descriptionEn,
    keywords: d.keywords,
    updateFrequency: UPDATE_FREQUENCY,
    publisher: `${PUBLISHER.nameZh} (${PUBLISHER.nameEn})`,
    license: { name: LICENSE.name, title: LICENSE.title, url: LICENSE.path },
    primaryKey: d.primaryKey,
    mayHoldSamples: d.mayHoldSamples,
    disclosureControl: d.disclosureControl ? disclosureControl() : null,
    columns: d.columns.map((c) => ({
      name: c.name,
      type: c.type,
      title: c.titleZh,
      titleEn: c.titleEn,
      description: c.descriptionZh,
      descriptionEn: c.descriptionEn,
      required: !!c.required,
      unique: !!c.unique,
      enumValues: c.enum ? [...c.enum] : null,
    })),
  };
}

function toSnapshot(s: PublishedSnapshot, publicBaseUrl: string | null) {
  return {
    snapshotId: s.id,
    generatedAt: s.generatedAt,
    citation: s.citation,
    files: s.files.map((f) => ({ ...f, format: FORMAT_ENUM[f.format], url: publicBaseUrl ? `${publicBaseUrl}${f.path}` : null })),
  };
}

/**
 * Files and runs change when an export runs, which does not change the data version that
 * keys the response cache: answers that show them must not be cached at all.
 */
export function uncacheable(info: GraphQLResolveInfo): void {
  if ("cacheControl" in info) cacheControlFromInfo(info).setCacheHint({ maxAge: 0 });
}

export function toRun(r: ExportRunRow) {
  return {
    ...r,
    __typename: "ExportRun",
    id: toGlobalId("ExportRun", String(r.id)),
    databaseId: r.id,
    datasetRows: Object.entries(r.datasetRows ?? {}).map(([dataset, rows]) => ({ dataset, rows })),
    startedAt: new Date(r.startedAt).toISOString(),
    finishedAt: r.finishedAt ? new Date(r.finishedAt).toISOString() : null,
  };
}

@Resolver(() => Dataset)
export class DatasetResolver {
  @Query(() => [Dataset], { description: "The open-data catalogue: every public dataset, with its columns and downloadable files." })
  datasets() {
    return PUBLIC_DATASETS.map(toDataset);
  }

  @Query(() => Dataset, { nullable: true, description: "A dataset by its name, e.g. `measures`." })
  dataset(@Arg("name", () => String, { description: "The dataset's name." }) name: string) {
    const d = PUBLIC_DATASETS.find((x) => x.name === name);
    return found(d ? toDataset(d) : null, "Dataset", `the name ${JSON.stringify(name.slice(0, 80))}`);
  }

  @FieldResolver(() => String, { description: "Canonical URL of its page on this service: absolute when the service knows its public address (PUBLIC_BASE_URL), else a path such as `/datasets/measures`." })
  url(@Root() dataset: { name: string }, @Ctx() ctx: Context): string {
    return absoluteUrl(ctx.exports.publicBaseUrl, paths.dataset(dataset.name));
  }

  @FieldResolver(() => DatasetSnapshot, { nullable: true, description: "Its files in the latest snapshot (paths under /exports/latest/); null before the first export." })
  async latest(@Root() dataset: { name: string }, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    uncacheable(info);
    const s = await latestOfDataset(ctx.exports.dir, dataset.name);
    return s ? toSnapshot(s, ctx.exports.publicBaseUrl) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      "How to cite it as published in the latest version: publisher, title, the dataset, version, release date, the version's permanent URL, the SHA-256 of its SHA256SUMS and the licence; null before the first version (and while the latest is a snapshot named by its time).",
  })
  async howToCite(@Root() dataset: { name: string; title: string; titleEn: string }, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<string | null> {
    uncacheable(info);
    const latest = await readLatest(ctx.exports.dir);
    const c = latest ? await citationOf(ctx.exports.dir, latest) : null;
    return c ? citationText(c, { name: dataset.name, title: `${dataset.title} / ${dataset.titleEn}` }) : null;
  }

  @FieldResolver(() => [DatasetSnapshot], { description: "Every kept version of it, newest first (paths to the immutable version folders)." })
  async snapshots(@Root() dataset: { name: string }, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    uncacheable(info);
    return (await snapshotsOfDataset(ctx.exports.dir, dataset.name)).map((s) => toSnapshot(s, ctx.exports.publicBaseUrl));
  }
}

@Resolver()
export class ExportRunResolver {
  @Query(() => ExportRunConnection, { description: "Export runs, newest first: when, why, how they ended and what they wrote." })
  exportRuns(@Args(() => ConnectionArgs) args: ConnectionArgs, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo) {
    uncacheable(info);
    return exportRunsConnection(ctx.db, args, toRun);
  }
}
