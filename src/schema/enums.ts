import { registerEnumType } from "type-graphql";

export enum Provenance {
  SOURCE = "SOURCE",
  SAMPLE = "SAMPLE",
}
registerEnumType(Provenance, {
  name: "Provenance",
  description: "Where a record comes from.",
  valuesConfig: {
    SOURCE: { description: "From the policy document or an official list." },
    SAMPLE: { description: "Generated sample data, deterministic and plausible, published until official records are imported. Never an official figure." },
  },
});

export enum OrderDirection {
  ASC = "ASC",
  DESC = "DESC",
}
registerEnumType(OrderDirection, { name: "OrderDirection", description: "The direction of an ordering.", valuesConfig: { ASC: { description: "Ascending." }, DESC: { description: "Descending." } } });
