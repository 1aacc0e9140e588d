import { Field, ObjectType, registerEnumType } from "type-graphql";
import { PARTNER_ONLY, PartnerBank } from "./loan.js";
import { DateTimeScalar } from "./scalars.js";

export enum ApiClientRole {
  BANK = "BANK",
  PROGRAMME_MANAGER = "PROGRAMME_MANAGER",
}
registerEnumType(ApiClientRole, {
  name: "ApiClientRole",
  description: "Who a partner API client acts for.",
  valuesConfig: {
    BANK: { description: "A partner bank: it sees and reports its own loans only." },
    PROGRAMME_MANAGER: { description: "A department running the programme (human resources and social security, finance): it reads every bank's loans; every read is audited." },
  },
});

@ObjectType("Viewer", { description: `${PARTNER_ONLY} The partner API client making the request, and what it may see.` })
export class Viewer {
  @Field(() => String, { description: `${PARTNER_ONLY} The client's id, e.g. \`abc-nmg-reconciliation\`.` })
  clientId!: string;

  @Field(() => String, { description: `${PARTNER_ONLY} The client's name.` })
  clientName!: string;

  @Field(() => ApiClientRole, { description: `${PARTNER_ONLY} Whom the client acts for.` })
  role!: ApiClientRole;

  @Field(() => [String], { description: `${PARTNER_ONLY} What the key may do, e.g. \`loans:read\`.` })
  scopes!: string[];

  @Field(() => String, { description: `${PARTNER_ONLY} The id (public part) of the key in use.` })
  keyId!: string;

  @Field(() => DateTimeScalar, { nullable: true, description: `${PARTNER_ONLY} When the key in use stops working (a rotated key's grace period); null if it does not expire.` })
  keyExpiresAt!: string | null;

  @Field(() => PartnerBank, { nullable: true, description: `${PARTNER_ONLY} The bank the client acts for; null for programme managers.` })
  bank!: PartnerBank | null;
}
