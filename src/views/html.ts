/**
 * HTML built by a tagged template that escapes every interpolated value: a view cannot forget
 * to escape, because the only way to put markup in is to build it with `html` too (or to say
 * `raw(...)` for text that is already HTML, which only this folder does, for its own markup).
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Part = Html | string | number | boolean | null | undefined | readonly Part[];

/** Text for HTML content and double- or single-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return (part as readonly Part[]).map(render).join("");
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0]!;
  for (let i = 0; i < parts.length; i++) out += render(parts[i]!) + strings[i + 1]!;
  return new Html(out);
}

/** Markup this folder wrote itself (inline CSS, SVG built with `html`). */
export function raw(s: string): Html {
  return new Html(s);
}

/**
 * JSON inside `<script type="application/ld+json">`: `<` as `\u003c` so no value can close the
 * script element (`</script>`) or open a comment; U+2028/2029 for old parsers.
 */
export function jsonForScript(value: unknown): Html {
  return new Html(JSON.stringify(value).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029"));
}

/** `5000.00` → `5,000`; `0.5` stays; amounts are exact decimal strings, formatted without floats. */
export function formatAmount(decimal: string): string {
  const [int, frac] = decimal.split(".") as [string, string | undefined];
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const f = frac?.replace(/0+$/, "");
  return f ? `${grouped}.${f}` : grouped;
}
