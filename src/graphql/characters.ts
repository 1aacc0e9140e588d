/**
 * Characters that no string a client sends may hold — in an argument, an input field, a
 * variable, a global id's key or a cursor's values. One definition, used everywhere:
 *
 * - **C0 control characters** (U+0000–U+001F) **and DEL** (U+007F). PostgreSQL cannot store
 *   U+0000 in text at all ("invalid byte sequence", "cannot contain NUL"), and the rest are
 *   never part of a code, a name or a search term; passed on they would reach SQL, logs and
 *   error messages as invisible bytes.
 * - **except tab, line feed and carriage return**, which are allowed: they are the whitespace
 *   of text pasted into a search box or a text filter (a line copied from the policy PDF ends
 *   in one), PostgreSQL stores and compares them faithfully, free-text filters trim them and
 *   search treats them as separators. Every argument that must be a code, slug, id or cursor
 *   refuses them anyway through its own format check.
 * - **lone surrogates** (U+D800–U+DFFF not in a pair): not Unicode text; PostgreSQL would
 *   receive U+FFFD instead, so the query would silently ask for something else.
 *
 * C1 controls (U+0080–U+009F) are valid UTF-8 that PostgreSQL stores faithfully; they are let
 * through like any other character and simply match nothing.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first forbidden character of `text` as `U+0000`, or null when the text is acceptable. */
export function forbiddenCharacter(text: string): string | null {
  const match = FORBIDDEN.exec(text);
  return match ? `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : null;
}
