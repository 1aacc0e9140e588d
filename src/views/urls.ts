/**
 * Canonical URLs of the pages (src/views/routes.ts serves them), one function per kind, so that
 * the API's `url` fields, the pages' links, the embeds and oEmbed never spell a path twice.
 * Absolute when the service knows its public address (PUBLIC_BASE_URL), else a path on this
 * service — as dataset download URLs are.
 */
export const paths = {
  home: () => "/",
  document: (slug: string) => `/documents/${encodeURIComponent(slug)}`,
  /** A section of the document that has no page of its own: the document page, at its anchor. */
  section: (documentSlug: string, code: string) => `/documents/${encodeURIComponent(documentSlug)}#${encodeURIComponent(code)}`,
  plan: (code: string) => `/plans/${encodeURIComponent(code)}`,
  measure: (code: string) => `/measures/${encodeURIComponent(code)}`,
  instrument: (code: string) => `/instruments/${encodeURIComponent(code)}`,
  target: (code: string) => `/targets/${encodeURIComponent(code)}`,
  department: (slug: string) => `/departments/${encodeURIComponent(slug)}`,
  dataset: (name: string) => `/datasets/${encodeURIComponent(name)}`,
  region: (code: string) => `/regions/${encodeURIComponent(code)}`,
  group: (code: string) => `/groups/${encodeURIComponent(code)}`,
  fund: (code: string) => `/funds/${encodeURIComponent(code)}`,
  embed: (kind: EmbedKind, code: string) => `/embed/${kind}/${encodeURIComponent(code)}`,
};

/** The kinds of item with an embeddable card, as they appear in page and embed paths. */
export const EMBED_KINDS = ["measures", "instruments", "targets"] as const;
export type EmbedKind = (typeof EMBED_KINDS)[number];

/** A section's own page, or its anchor in the document page. */
export function sectionPath(section: { kind: string; code: string; documentSlug: string }): string {
  if (section.kind === "PLAN") return paths.plan(section.code);
  if (section.kind === "MEASURE") return paths.measure(section.code);
  return paths.section(section.documentSlug, section.code);
}

/** Where a section's text stands in the document page. */
export function inDocumentPath(section: { code: string; documentSlug: string }): string {
  return paths.section(section.documentSlug, section.code);
}

export function absoluteUrl(publicBaseUrl: string | null, path: string): string {
  return publicBaseUrl ? `${publicBaseUrl}${path}` : path;
}
