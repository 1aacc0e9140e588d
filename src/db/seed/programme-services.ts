/**
 * The pilot zones of P1-M3 as groups of regions, curated from the document like the targets
 * (programme.ts): each with the sentence that sets it up, checked word for word when seeding.
 * “呼包鄂乌” is 呼和浩特、包头、鄂尔多斯、乌兰察布 (the document places the zone in Hohhot and
 * names those four city governments among its responsible parties); “双子星” is built in Tongliao
 * and in Chifeng “分别” (each on its own), so it is two pilots, one per city.
 */
export interface PilotZoneFact {
  code: string;
  name: string;
  nameEn: string;
  kind: "EXPERIMENTAL_ZONE" | "PILOT";
  seatCode: string;
  members: string[];
  sectionCode: string;
  sourceQuote: string;
}

const HUBAOEWU_QUOTE = "在呼和浩特市探索建设“呼包鄂乌”产业政策融合支持创新创业试验区";
const TWIN_STARS_QUOTE = "在通辽市、赤峰市分别探索建设“双子星”产业政策融合支持创新创业试点";

export const PILOT_ZONES: PilotZoneFact[] = [
  {
    code: "hubaoewu-experimental-zone",
    name: "“呼包鄂乌”产业政策融合支持创新创业试验区",
    nameEn: "Hohhot–Baotou–Ordos–Ulanqab experimental zone integrating industrial policy in support of innovation and entrepreneurship",
    kind: "EXPERIMENTAL_ZONE",
    seatCode: "150100",
    members: ["150100", "150200", "150600", "150900"],
    sectionCode: "P1-M3",
    sourceQuote: HUBAOEWU_QUOTE,
  },
  {
    code: "twin-stars-pilot-tongliao",
    name: "通辽市“双子星”产业政策融合支持创新创业试点",
    nameEn: "“Twin Stars” pilot integrating industrial policy in support of innovation and entrepreneurship, Tongliao",
    kind: "PILOT",
    seatCode: "150500",
    members: ["150500"],
    sectionCode: "P1-M3",
    sourceQuote: TWIN_STARS_QUOTE,
  },
  {
    code: "twin-stars-pilot-chifeng",
    name: "赤峰市“双子星”产业政策融合支持创新创业试点",
    nameEn: "“Twin Stars” pilot integrating industrial policy in support of innovation and entrepreneurship, Chifeng",
    kind: "PILOT",
    seatCode: "150400",
    members: ["150400"],
    sectionCode: "P1-M3",
    sourceQuote: TWIN_STARS_QUOTE,
  },
];
