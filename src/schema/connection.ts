import { ArgsType, Field, Int, ObjectType, type ClassType } from "type-graphql";
import { MAX_PAGE_SIZE } from "../graphql/pagination.js";

@ObjectType("PageInfo", { description: "Where a page of a connection sits in the whole list." })
export class PageInfo {
  @Field(() => Boolean, { description: "Whether items follow this page." })
  hasNextPage!: boolean;

  @Field(() => Boolean, { description: "Whether items precede this page." })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: "The cursor of the first item of the page, to pass as `before`." })
  startCursor!: string | null;

  @Field(() => String, { nullable: true, description: "The cursor of the last item of the page, to pass as `after`." })
  endCursor!: string | null;
}

@ArgsType()
export class ConnectionArgs {
  @Field(() => Int, { nullable: true, description: `Return the first n items (1..${MAX_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: "Return items after this cursor." })
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `Return the last n items (1..${MAX_PAGE_SIZE}).` })
  last?: number | null;

  @Field(() => String, { nullable: true, description: "Return items before this cursor." })
  before?: string | null;
}

/**
 * Builds `<Name>Connection` and `<Name>Edge` for a node type, so that every list in the
 * schema has the same Relay shape: `edges { cursor node }`, `nodes`, `pageInfo`, `totalCount`.
 */
export function connectionType<T extends object>(nodeType: ClassType<T>, name: string, plural: string) {
  @ObjectType(`${name}Edge`, { description: `An edge in a list of ${plural}.` })
  class EdgeType {
    @Field(() => String, { description: "An opaque cursor for this item, to pass as `after` or `before`." })
    cursor!: string;

    @Field(() => nodeType, { description: "The item at the end of the edge." })
    node!: T;
  }

  @ObjectType(`${name}Connection`, { description: `A page of ${plural}.` })
  class ConnectionType {
    @Field(() => [EdgeType], { description: "The items of this page, with their cursors." })
    edges!: EdgeType[];

    @Field(() => [nodeType], { description: "The items of this page, without cursors." })
    nodes!: T[];

    @Field(() => PageInfo, { description: "Where this page sits in the whole list." })
    pageInfo!: PageInfo;

    // A promise (counted when read): it keeps a resolver, which compiled queries wait for (graphql/schema.ts, plainLeafFields).
    @Field(() => Int, { simple: false, description: "How many items the whole list holds (counted only when asked for)." })
    totalCount!: number;
  }
  return ConnectionType;
}
