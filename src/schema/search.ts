import { createUnionType, Field, Float, Int, ObjectType, registerEnumType } from "type-graphql";
import { DemonstrationBrand } from "./brand.js";
import { Department } from "./department.js";
import { Fund } from "./fund.js";
import { IncubatorBase } from "./incubator.js";
import { SupportInstrument } from "./instrument.js";
import { PageInfo } from "./connection.js";
import { Measure, Plan } from "./policy.js";
import { Target } from "./target.js";
import { EntrepreneurshipEvent, MentorTeam, PilotZone, ServicePoint } from "./service-system.js";

export const SearchResultItem = createUnionType({
  name: "SearchResultItem",
  description: "Anything `search` can find.",
  types: () => [Measure, Plan, SupportInstrument, Fund, Target, Department, IncubatorBase, DemonstrationBrand, MentorTeam, EntrepreneurshipEvent, ServicePoint, PilotZone] as const,
  // Nodes are plain objects stamped with their typename (see graphql/nodes.ts).
  resolveType: (value) => (value as unknown as { __typename: string }).__typename,
});

export enum SearchType {
  MEASURE = "MEASURE",
  PLAN = "PLAN",
  SUPPORT_INSTRUMENT = "SUPPORT_INSTRUMENT",
  FUND = "FUND",
  TARGET = "TARGET",
  DEPARTMENT = "DEPARTMENT",
  INCUBATOR_BASE = "INCUBATOR_BASE",
  DEMONSTRATION_BRAND = "DEMONSTRATION_BRAND",
  MENTOR_TEAM = "MENTOR_TEAM",
  EVENT = "EVENT",
  SERVICE_POINT = "SERVICE_POINT",
  PILOT_ZONE = "PILOT_ZONE",
}
registerEnumType(SearchType, {
  name: "SearchType",
  description: "A kind of object to search.",
  valuesConfig: {
    MEASURE: { description: "Measures (具体任务措施)." },
    PLAN: { description: "Plans (计划)." },
    SUPPORT_INSTRUMENT: { description: "Support instruments." },
    FUND: { description: "Funds (基金, 资金)." },
    TARGET: { description: "Targets." },
    DEPARTMENT: { description: "Responsible departments." },
    INCUBATOR_BASE: { description: "Incubator bases, maker spaces and parks." },
    DEMONSTRATION_BRAND: { description: "Demonstration brands." },
    MENTOR_TEAM: { description: "Mentor teams (创业导师服务团); not their members." },
    EVENT: { description: "Competitions and events (by name, venue and organiser)." },
    SERVICE_POINT: { description: "Service points: “一窗办” windows and university guidance stations." },
    PILOT_ZONE: { description: "The pilot zones of P1-M3." },
  },
});

@ObjectType("TextMatchHighlight", { description: "Where a query term occurs inside a fragment." })
export class TextMatchHighlight {
  @Field(() => Int, { description: "Index of the first character of the hit in `fragment` (UTF-16 code units)." })
  beginIndice!: number;

  @Field(() => Int, { description: "Index just after the hit." })
  endIndice!: number;

  @Field(() => String, { description: "The text hit." })
  text!: string;
}

@ObjectType("TextMatch", { description: "A fragment of a matched field, with the hits marked." })
export class TextMatch {
  @Field(() => String, { description: "Which field matched: `title`, `titleEn` or `body`." })
  field!: string;

  @Field(() => String, { description: "About 80 characters around the first hit (`…` where cut)." })
  fragment!: string;

  // A fragment of ~80 characters holds a handful of hits: price the list as one item.
  @Field(() => [TextMatchHighlight], { description: "The hits inside the fragment.", complexity: 1 })
  highlights!: TextMatchHighlight[];
}

@ObjectType("SearchResultEdge", { description: "A search hit with its cursor, relevance and matched text." })
export class SearchResultEdge {
  @Field(() => String, { description: "An opaque cursor for this hit." })
  cursor!: string;

  @Field(() => SearchResultItem, { description: "The object found." })
  node!: typeof SearchResultItem;

  @Field(() => Float, { description: "Relevance: higher is better; titles weigh more than bodies, short fields more than long ones." })
  rank!: number;

  // At most three fields can match (title, titleEn, body).
  @Field(() => [TextMatch], { description: "Where the query matched, with fragments to show.", complexity: ({ childComplexity }) => 1 + 3 * childComplexity })
  textMatches!: TextMatch[];
}

@ObjectType("SearchResultConnection", { description: "A page of search hits, most relevant first." })
export class SearchResultConnection {
  @Field(() => [SearchResultEdge], { description: "The hits of this page." })
  edges!: SearchResultEdge[];

  @Field(() => [SearchResultItem], { description: "The objects of this page, without cursors." })
  nodes!: (typeof SearchResultItem)[];

  @Field(() => PageInfo, { description: "Where this page sits in the whole list." })
  pageInfo!: PageInfo;

  // A promise (counted when read): it keeps a resolver, which compiled queries wait for (graphql/schema.ts, plainLeafFields).
  @Field(() => Int, { simple: false, description: "How many hits there are in all (counted only when asked for)." })
  totalCount!: number;
}
