import { DISCLOSURE_CONTROL } from "../disclosure/index.js";
import { loadPtable } from "../disclosure/ptable.js";

const PERTURBATION_TABLE = loadPtable()
  .entries()
  .map((r) => ({ variable: r.variable, original: r.original, perturbation: r.perturbation, probability: (r.partsPer10000 / 10_000).toFixed(4), keyFrom: r.keyFrom, keyTo: r.keyTo }));

/**
 * The disclosure method as the API and the dataset metadata publish it: its parameters and the
 * committed perturbation table, row by row.
 */
export function disclosureControl() {
  return { ...DISCLOSURE_CONTROL, perturbationTable: PERTURBATION_TABLE };
}
