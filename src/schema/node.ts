import { Field, ID, InterfaceType } from "type-graphql";

/** Every object with a global id; `resolveType` reads the `__typename` each service stamps on its nodes. */
@InterfaceType("Node", {
  description: "An object with a globally unique, opaque and stable ID, which `node(id:)` and `nodes(ids:)` look up.",
  resolveType: (value: { __typename?: string }) => value.__typename,
})
export abstract class Node {
  @Field(() => ID, { description: "The object's global ID: opaque, stable across releases and re-seeding." })
  id!: string;
}
