import { Field, InputType, Int } from "type-graphql";

@InputType("IntRange", { description: "An inclusive range of integers; either end may be left open." })
export class IntRange {
  @Field(() => Int, { nullable: true, description: "Smallest value included." })
  min?: number | null;

  @Field(() => Int, { nullable: true, description: "Largest value included." })
  max?: number | null;
}
