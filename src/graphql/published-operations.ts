/**
 * The safelist: named operations we publish, callable by a stable id instead of their text —
 * `GET /graphql?id=measure-with-instruments&variables={"code":"P1-M2"}` — like the persisted
 * queries of Shopify's Storefront API. A URL that names an id is short, readable and the same
 * for every client, so browsers, `<script>` tags and CDNs can cache it; its text never changes
 * under the id (a changed operation gets a new id; an old id stays as long as the schema lets it).
 *
 * Listed at `GET /graphql/operations` (JSON: id, name, description, audience, the document,
 * example variables and a ready-made URL) and in the README ("Explorer and GET").
 * Only public operations are published: partner data is never asked for by a cacheable URL.
 */
export interface PublishedOperation {
  /** Stable id, kebab-case: what clients put in `?id=`. */
  id: string;
  /** The operation's name in `document` (operationName). */
  operationName: string;
  /** What it answers, in one sentence. */
  description: string;
  /** Who it is for. */
  audience: "researchers and journalists" | "third-party apps";
  document: string;
  /** Variables that make a good first call (also the explorer's defaults). */
  exampleVariables: Record<string, unknown>;
}

export const PUBLISHED_OPERATIONS: readonly PublishedOperation[] = [
  {
    id: "loan-statistics-by-league-and-year",
    operationName: "LoanStatisticsByLeagueAndYear",
    description: "Guarantee loans per league-level unit and year: count, total and average amount, jobs created, with each cell's disclosure status (the cell key method).",
    audience: "researchers and journalists",
    document: `query LoanStatisticsByLeagueAndYear($year: Int, $first: Int = 100, $after: String) {
  loanStatistics(groupBy: [REGION_LEAGUE, YEAR], filterBy: { year: $year }, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { leagueCode year loanCount totalAmount averageAmount jobsCreated disclosure provenance }
  }
}`,
    exampleVariables: { year: 2024 },
  },
  {
    id: "dataset-downloads",
    operationName: "DatasetDownloads",
    description: "One open dataset: its titles, licence, columns and the files of its latest snapshot (CSV, Excel-friendly CSV, JSON, NDJSON) with sizes and row counts.",
    audience: "researchers and journalists",
    document: `query DatasetDownloads($name: String!) {
  dataset(name: $name) {
    name title titleEn description license { name url } mayHoldSamples
    columns { name type description }
    latest { snapshotId generatedAt files { format fileName path url bytes rows } }
  }
}`,
    exampleVariables: { name: "measures" },
  },
  {
    id: "measure-with-instruments",
    operationName: "MeasureWithInstruments",
    description: "One measure of the programme by its code (e.g. P1-M2): its exact text, the parties responsible, and every support instrument under it with its amount and eligible groups.",
    audience: "third-party apps",
    document: `query MeasureWithInstruments($code: String!) {
  measure(code: $code) {
    code title titleEn body responsibilityText
    plan { code title titleEn }
    departments { name nameEn }
    supportInstruments {
      code kind name nameEn amountType amount currency amountUnit payment conditions conditionsEn
      eligibleGroups { code name nameEn }
    }
  }
}`,
    exampleVariables: { code: "P1-M2" },
  },
  {
    id: "plans-and-measures",
    operationName: "PlansAndMeasures",
    description: "The programme's 7 plans with their measures' codes and titles: a table of contents to link from.",
    audience: "third-party apps",
    document: `query PlansAndMeasures {
  plans { code title titleEn measures { code title titleEn } }
}`,
    exampleVariables: {},
  },
];

const byId = new Map(PUBLISHED_OPERATIONS.map((op) => [op.id, op]));

export function publishedOperation(id: string): PublishedOperation | undefined {
  return byId.get(id);
}

/** The list served at `GET /graphql/operations`; `baseUrl` makes the example URLs absolute. */
export function publishedOperationsDocument(baseUrl: string) {
  return {
    description: "Published GraphQL operations of 创业内蒙古 Open Data, callable by id over GET: /graphql?id=<id>&variables=<URL-encoded JSON>. Responses carry Cache-Control and an ETag (send If-None-Match for a 304).",
    operations: PUBLISHED_OPERATIONS.map((op) => ({
      id: op.id,
      operationName: op.operationName,
      description: op.description,
      audience: op.audience,
      document: op.document,
      exampleVariables: op.exampleVariables,
      exampleUrl: operationUrl(baseUrl, op.id, op.exampleVariables),
    })),
  };
}

export function operationUrl(baseUrl: string, id: string, variables: Record<string, unknown>): string {
  const params = new URLSearchParams({ id });
  if (Object.keys(variables).length > 0) params.set("variables", JSON.stringify(variables));
  return `${baseUrl}/graphql?${params}`;
}
