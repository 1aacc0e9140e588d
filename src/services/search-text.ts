/**
 * Tokens for Chinese and English search, built in the application because neither
 * PostgreSQL nor PGlite ships a Chinese text-search configuration, and because their default
 * parser treats CJK characters differently depending on the database's locale. Chinese text
 * becomes single characters plus character bigrams (so 担保贷款 matches 担保 and 贷款, and a
 * query is the AND of its bigrams); Latin text becomes lower-cased words. The tsvector and
 * tsquery values are written as literals, so no locale-dependent parsing happens in SQL.
 */

const CJK_RUN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g;
const WORD = /[a-z0-9]+/g;

function cjkRuns(text: string): string[] {
  return text.match(CJK_RUN) ?? [];
}

function words(text: string): string[] {
  return text.toLowerCase().match(WORD) ?? [];
}

/** Index tokens of a text: every CJK character and bigram, every Latin word. */
export function indexTokens(text: string): string[] {
  const out: string[] = [];
  for (const run of cjkRuns(text)) {
    const chars = [...run];
    chars.forEach((c, i) => {
      out.push(c);
      if (i + 1 < chars.length) out.push(c + chars[i + 1]);
    });
  }
  out.push(...words(text));
  return out;
}

function quote(lexeme: string): string {
  return `'${lexeme.replace(/\\/g, "\\\\").replace(/'/g, "''")}'`;
}

/**
 * A tsvector literal from weighted fields (A ranks above B above C). Positions count up
 * across fields; PostgreSQL caps positions at 16383, far above our longest text.
 */
export function tsvectorLiteral(fields: { text: string; weight: "A" | "B" | "C" | "D" }[]): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  for (const { text, weight } of fields) {
    for (const token of indexTokens(text)) {
      pos = Math.min(pos + 1, 16383);
      const list = positions.get(token) ?? [];
      if (list.length < 255) list.push(`${pos}${weight}`);
      positions.set(token, list);
    }
  }
  return [...positions].map(([token, list]) => `${quote(token)}:${list.join(",")}`).join(" ");
}

export interface ParsedQuery {
  /** The tsquery literal: AND of CJK bigrams (or single characters) and Latin word prefixes. */
  tsquery: string;
  /** Strings to highlight in the matched text. */
  terms: string[];
}

/** Parses a user's query; null when it holds nothing searchable. */
export function parseSearchQuery(query: string): ParsedQuery | null {
  const parts: string[] = [];
  const terms: string[] = [];
  for (const run of cjkRuns(query)) {
    const chars = [...run];
    terms.push(run);
    if (chars.length === 1) parts.push(quote(chars[0]!));
    for (let i = 0; i + 1 < chars.length; i++) parts.push(quote(chars[i]! + chars[i + 1]!));
  }
  for (const word of words(query)) {
    terms.push(word);
    parts.push(`${quote(word)}:*`);
  }
  if (parts.length === 0) return null;
  return { tsquery: [...new Set(parts)].join(" & "), terms };
}

export interface TextMatch {
  field: string;
  fragment: string;
  highlights: { beginIndice: number; endIndice: number; text: string }[];
}

/**
 * The first field that contains a query term, cut to a fragment of about `width` characters
 * around the first hit, with the positions of every hit inside the fragment.
 */
export function textMatches(fields: { name: string; text: string }[], terms: string[], width = 80): TextMatch[] {
  const out: TextMatch[] = [];
  for (const { name, text } of fields) {
    const lower = text.toLowerCase();
    const hits = terms.map((t) => ({ t, at: lower.indexOf(t.toLowerCase()) })).filter((h) => h.at >= 0);
    if (hits.length === 0) continue;
    const first = Math.min(...hits.map((h) => h.at));
    const start = Math.max(0, first - Math.floor(width / 3));
    const end = Math.min(text.length, start + width);
    const fragment = (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
    const highlights: TextMatch["highlights"] = [];
    const fragLower = fragment.toLowerCase();
    for (const { t } of hits) {
      let from = 0;
      for (let at = fragLower.indexOf(t.toLowerCase(), from); at >= 0; at = fragLower.indexOf(t.toLowerCase(), from)) {
        highlights.push({ beginIndice: at, endIndice: at + t.length, text: fragment.slice(at, at + t.length) });
        from = at + t.length;
      }
    }
    highlights.sort((a, b) => a.beginIndice - b.beginIndice);
    out.push({ field: name, fragment, highlights });
  }
  return out;
}
