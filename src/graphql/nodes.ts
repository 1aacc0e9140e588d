/**
 * Rows become GraphQL nodes here, and only here: each gets its `__typename` (which the
 * `Node` and `PolicySection` interfaces resolve on) and its opaque global `id`.
 */
import type {
  BeneficiaryGroupRow,
  DemonstrationBrandRow,
  DepartmentRow,
  FundRow,
  GuaranteeLoanRow,
  IncubatorBaseRow,
  PartnerBankRow,
  PolicyDocumentRow,
  PolicySectionRow,
  RegionRow,
  SupportInstrumentRow,
  TargetRow,
  ProjectRow,
  MentorTeamRow,
  MentorRow,
  LecturerRow,
  TrainingRow,
  ModelEntrepreneurRow,
  EventRow,
  ServicePointRow,
  PilotZoneRow,
  MetricRow,
} from "../db/schema/index.js";
import { toGlobalId } from "./ids.js";

type NodeOf<Row, Name extends string> = Row & { __typename: Name; id: string };

export type SectionTypename = "Plan" | "Measure" | "DocumentSection";
export type DocumentNode = NodeOf<PolicyDocumentRow, "PolicyDocument">;
export type SectionNode = NodeOf<PolicySectionRow, SectionTypename>;
export type DepartmentNode = NodeOf<DepartmentRow, "Department">;
export type RegionNode = NodeOf<RegionRow, "Region">;
export type TargetNode = NodeOf<TargetRow, "Target">;
export type InstrumentNode = NodeOf<SupportInstrumentRow, "SupportInstrument"> & { currency: "CNY" };
export type FundNode = NodeOf<FundRow, "Fund"> & { currency: "CNY" };
export type GroupNode = NodeOf<BeneficiaryGroupRow, "BeneficiaryGroup">;
export type IncubatorNode = NodeOf<IncubatorBaseRow, "IncubatorBase">;
export type BrandNode = NodeOf<DemonstrationBrandRow, "DemonstrationBrand"> & { currency: "CNY" };
export type BankNode = NodeOf<PartnerBankRow, "PartnerBank">;
export type ProjectNode = NodeOf<ProjectRow, "LibraryProject">;
export type MentorTeamNode = NodeOf<MentorTeamRow, "MentorTeam">;
export type MentorNode = NodeOf<MentorRow, "Mentor">;
export type LecturerNode = NodeOf<LecturerRow, "TrainingLecturer">;
export type TrainingNode = NodeOf<TrainingRow, "TrainingDelivery">;
export type ModelEntrepreneurNode = NodeOf<ModelEntrepreneurRow, "ModelEntrepreneur">;
export type EventNode = NodeOf<EventRow, "EntrepreneurshipEvent">;
export type ServicePointNode = NodeOf<ServicePointRow, "ServicePoint">;
export type PilotZoneNode = NodeOf<PilotZoneRow, "PilotZone">;
export type MetricNode = NodeOf<MetricRow, "Metric">;
/** The row's serial `id` gives way to the global id: the database key is never exposed. */
export type LoanNode = NodeOf<Omit<GuaranteeLoanRow, "id" | "recordKey">, "GuaranteeLoan"> & { maturityOn: string };

/**
 * Stamps the row in place: rows are fresh objects from the driver, owned by this request, and
 * copying them (a spread per row, per list) was a measurable share of CPU on list queries. A row
 * of a per-version index (regionIndex, departmentIndex), shared by every request of that version,
 * is stamped by the first and comes back already stamped: nothing to do (issue 11).
 */
function node<Row extends object, Name extends string>(typename: Name, key: string, row: Row): NodeOf<Row, Name> {
  if ((row as { __typename?: unknown }).__typename === typename) return row as NodeOf<Row, Name>;
  return Object.assign(row, { __typename: typename, id: toGlobalId(typename, key) });
}

export function sectionTypename(kind: PolicySectionRow["kind"]): SectionTypename {
  return kind === "PLAN" ? "Plan" : kind === "MEASURE" ? "Measure" : "DocumentSection";
}

export const asDocument = (r: PolicyDocumentRow): DocumentNode => node("PolicyDocument", r.slug, r);
export const asSection = (r: PolicySectionRow): SectionNode => node(sectionTypename(r.kind), r.code, r);
export const asDepartment = (r: DepartmentRow): DepartmentNode => node("Department", r.slug, r);
export const asRegion = (r: RegionRow): RegionNode => node("Region", r.code, r);
export const asTarget = (r: TargetRow): TargetNode => node("Target", r.code, r);
// Every amount in the document is in renminbi; the field exists so clients never have to assume it.
export const asInstrument = (r: SupportInstrumentRow): InstrumentNode => Object.assign(node("SupportInstrument", r.code, r), { currency: "CNY" as const });
export const asFund = (r: FundRow): FundNode => Object.assign(node("Fund", r.code, r), { currency: "CNY" as const });
export const asGroup = (r: BeneficiaryGroupRow): GroupNode => node("BeneficiaryGroup", r.code, r);
export const asIncubator = (r: IncubatorBaseRow): IncubatorNode => node("IncubatorBase", r.code, r);
export const asBrand = (r: DemonstrationBrandRow): BrandNode => Object.assign(node("DemonstrationBrand", r.code, r), { currency: "CNY" as const });
export const asBank = (r: PartnerBankRow): BankNode => node("PartnerBank", r.code, r);
export const asProject = (r: ProjectRow): ProjectNode => node("LibraryProject", r.code, r);
export const asMentorTeam = (r: MentorTeamRow): MentorTeamNode => node("MentorTeam", r.code, r);
export const asMentor = (r: MentorRow): MentorNode => node("Mentor", r.code, r);
export const asLecturer = (r: LecturerRow): LecturerNode => node("TrainingLecturer", r.code, r);
/** A training record's key is county, year and programme: `150102/2024/MALANHUA`. */
export const asTraining = (r: TrainingRow): TrainingNode => node("TrainingDelivery", `${r.countyCode}/${r.year}/${r.programme}`, r);
export const asModelEntrepreneur = (r: ModelEntrepreneurRow): ModelEntrepreneurNode => node("ModelEntrepreneur", r.code, r);
export const asEvent = (r: EventRow): EventNode => node("EntrepreneurshipEvent", r.code, r);
export const asServicePoint = (r: ServicePointRow): ServicePointNode => node("ServicePoint", r.code, r);
export const asPilotZone = (r: PilotZoneRow): PilotZoneNode => node("PilotZone", r.code, r);
export const asMetric = (r: MetricRow): MetricNode => node("Metric", r.code, r);

/** `issuedOn` plus `months`, as PostgreSQL adds an interval: the 31st plus a month is the month's last day. */
export function addMonths(isoDate: string, months: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

/** PostgreSQL's `2026-11-26 10:00:00.123456+00` as RFC 3339 (to the millisecond, as DateTime carries it). */
export function isoTimestamp(value: string): string {
  return new Date(value.replace(" ", "T").replace(/([+-]\d{2})$/, "$1:00")).toISOString();
}

/**
 * A loan's id is its natural key, bank and reference (bank codes hold no `/`). A copy, not the
 * row stamped in place: the row's own timestamps (microseconds) still make its cursor.
 */
export const asLoan = ({ id: _serial, recordKey: _secret, ...r }: GuaranteeLoanRow): LoanNode => ({
  ...r,
  __typename: "GuaranteeLoan",
  id: toGlobalId("GuaranteeLoan", `${r.bankCode}/${r.loanRef}`),
  maturityOn: addMonths(r.issuedOn, r.termMonths),
  createdAt: isoTimestamp(r.createdAt),
  updatedAt: isoTimestamp(r.updatedAt),
});
