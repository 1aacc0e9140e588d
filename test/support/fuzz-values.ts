/**
 * Argument values for the fuzz, in three kinds: valid (real codes, ids and cursors from the
 * harvest, page sizes the API accepts), boundary (0, -1, 2^31, 1e308, empty and 10 KB strings,
 * impossible dates) and hostile (NUL and control characters, emoji, lone surrogates, prototype
 * names, SQL and tsquery metacharacters, forged cursors and ids, wrong JSON types).
 */
import { getNamedType, isAbstractType, isEnumType, type GraphQLInputType, type GraphQLSchema } from "graphql";
import type { Harvest } from "./fuzz-harvest.js";
import type { Rng } from "./fuzz-random.js";

/** Where a value goes: `owner` is the type or input type, `name` the argument or input field. */
export interface Slot {
  owner: string;
  name: string;
  type: GraphQLInputType;
  /** For root look-ups (`region(code:)`): the type the field returns, whose keys are valid. */
  returns?: string;
  /** For `after`/`before`: the list (`Owner.field`) whose cursors are valid. */
  list?: string;
}

export type Kind = "valid" | "boundary" | "hostile";

const KB10 = 10_240;

/** Objects with an own `__proto__` key can only be made by parsing. */
const protoObject = (inner: string) => JSON.parse(`{"__proto__": ${inner}}`) as Record<string, unknown>;

const HOSTILE_STRINGS: readonly string[] = [
  "\u0000", "a\u0000b", "\u0001\u0002\u0003\u001f\u007f", "\t", "\r\n", "\u0085\u2028\u2029", "\u001b[31m",
  "😀", "👨‍👩‍👧‍👦", "🇨🇳", "\ud800", "\udfff", "a\udc00b", "\ufeff", "\ufffe", "\uffff", "\u202e150102", "\u200b", "Ａ", "１５０１０２", "١٥٠١٠٢", "Ⅻ",
  "__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "__defineGetter__", "then",
  "' OR '1'='1", "'; drop table regions; --", "\" OR 1=1 --", "1; select pg_sleep(5)", "\\", "\\\\", "%", "_", "%_%", "\\%", "$1", "$$", "E'\\x00'", "--", "/*", "*/", ";",
  "!", "&", "|", ":*", "!()", "a & | b", "(", ")", "'a' & 'b'", "<->", "'", "''", "\\'", "a:*:*", "&&&&", "!!!!",
  "<script>alert(1)</script>", "${7*7}", "{{7*7}}", "../../../etc/passwd", "%00", "%2e%2e%2f", "file:///etc/passwd", "\\\\server\\share",
  "null", "undefined", "true", "NaN", "Infinity", "-Infinity", "0", "-1", "1e308", "0x10", "[]", "{}", "  ", " 150102 ",
];

const BOUNDARY_STRINGS: readonly string[] = ["", " ", "a", "x".repeat(101), "x".repeat(401), "x".repeat(1001), "x".repeat(KB10), "内".repeat(3_414), "😀".repeat(2_560), "\u0000".repeat(1_000), "'".repeat(1_000), "&".repeat(500)];

const INT_BOUNDARY: readonly number[] = [0, -1, 1, 2_147_483_647, -2_147_483_648, 101, 1_000, 1_000_000, 2_147_483_648, -2_147_483_649, 2 ** 53, 2 ** 53 + 2, 1e308, -1e308, 1.5, 5e-324, -0];
const DATE_BOUNDARY: readonly string[] = [
  "0001-01-01", "9999-12-31", "1970-01-01", "2024-02-29", "2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10", "2024-04-31",
  "2024-1-1", "", "2024-03-31T00:00:00Z", "2024-03-31 ", "0000-01-01", "+275760-09-13", "-0001-01-01", "99999-12-31", "1900-01-01", "2100-12-31",
];

/** Values of the wrong JSON type for any slot (only variables can carry them as such). */
const WRONG_TYPES: readonly unknown[] = ["5", 5, 5.5, true, false, [], [1], ["a", "b"], {}, { a: 1 }, null, "", protoObject('{"polluted": 1}'), JSON.parse('{"constructor": {"prototype": {"x": 1}}}')];

const BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const b64 = (text: string) => Buffer.from(text, "utf8").toString("base64url");

export class Values {
  private readonly names: string[];
  private readonly words: string[];
  private readonly allCursors: string[];
  private readonly idTypes: string[];
  private readonly idKeys: string[];
  private readonly dateValues: string[];
  private readonly years: number[];
  private readonly tags: string[];
  /** Valid values per slot, computed once: the pools are large and slots few. */
  private readonly poolCache = new Map<string, string[]>();

  constructor(
    private readonly schema: GraphQLSchema,
    readonly harvest: Harvest,
  ) {
    const texts = [...harvest.values].filter(([k]) => /\.(name|title|metricName)$/.test(k)).flatMap(([, v]) => v);
    this.names = texts.length ? texts : ["内蒙古"];
    const english = [...harvest.values].filter(([k]) => /\.(nameEn|titleEn)$/.test(k)).flatMap(([, v]) => v);
    this.words = [...new Set(english.flatMap((t) => t.split(/[^A-Za-z]+/)).filter((w) => w.length > 2))].sort();
    this.allCursors = [...harvest.cursors.values()].flat();
    const decoded = harvest.ids.map((id) => Buffer.from(id, "base64url").toString("utf8"));
    // Every type that implements Node (from the schema), whether or not the data has one yet.
    const node = schema.getType("Node");
    const nodeTypes = node && isAbstractType(node) ? schema.getPossibleTypes(node).map((t) => t.name) : [];
    this.idTypes = [...new Set([...decoded.map((t) => t.slice(0, t.indexOf(":"))), ...nodeTypes])].sort();
    this.idKeys = decoded.map((t) => t.slice(t.indexOf(":") + 1));
    const dates = (harvest.byScalar.get("Date") ?? []).filter((d): d is string => typeof d === "string");
    this.dateValues = dates.length ? dates : ["2024-03-31"];
    this.years = (harvest.byScalar.get("Int") ?? []).filter((v): v is number => typeof v === "number" && v >= 1990 && v <= 2030);
    this.tags = this.foreignTags();
  }

  /** A leaf value (scalar or enum) of the given kind for the slot. */
  leaf(rng: Rng, slot: Slot, kind: Kind): unknown {
    if (kind === "hostile" && rng.chance(0.25)) return rng.pick(WRONG_TYPES);
    const named = getNamedType(slot.type);
    if (isEnumType(named)) {
      const values = named.getValues().map((v) => v.name);
      if (kind === "valid") return rng.pick(values);
      return rng.pick(["ASTRONAUTS", "__proto__", "constructor", rng.pick(values).toLowerCase(), `${rng.pick(values)} `, "", ...HOSTILE_STRINGS.slice(0, 8)]);
    }
    switch (named.name) {
      case "Int":
        return this.int(rng, slot, kind);
      case "Float":
        return kind === "valid" ? rng.next() * 100 : rng.pick(INT_BOUNDARY);
      case "Boolean":
        return kind === "valid" ? rng.chance(0.5) : rng.pick(["true", 1, 0, "yes"]);
      case "ID":
        return kind === "valid" ? this.id(rng) : this.forgedId(rng);
      case "Date":
        return kind === "valid" ? rng.pick(this.dateValues) : rng.pick([...DATE_BOUNDARY, ...(kind === "hostile" ? HOSTILE_STRINGS : [])]);
      case "DateTime":
        // `since` of incremental sync: a real time, or one a DateTime cannot be (a date alone, year 0, a day that does not exist).
        return kind === "valid"
          ? `${rng.pick(this.dateValues)}T${rng.pick(["00:00:00Z", "12:34:56.789Z", "23:59:59+08:00"])}`
          : rng.pick(["2024-02-30T00:00:00Z", "0000-01-01T00:00:00Z", "2024-01-01", "+275760-09-13T00:00:00Z", "yesterday", ...(kind === "hostile" ? HOSTILE_STRINGS : [])]);
      default:
        return this.string(rng, slot, kind);
    }
  }

  private int(rng: Rng, slot: Slot, kind: Kind): unknown {
    if (kind !== "valid") return rng.pick(INT_BOUNDARY);
    if (slot.name === "first" || slot.name === "last") return rng.weighted([[30, 1], [30, rng.between(2, 5)], [20, 10], [10, 20], [5, 50], [5, 100]]);
    if (/year|min|max/i.test(slot.name)) {
      return rng.chance(0.7) && this.years.length ? rng.pick(this.years) : rng.between(2018, 2027);
    }
    return rng.pick([0, 1, 2, 3, 5, 10, 100]);
  }


  /** Valid strings: the harvested keys the slot asks for, cursors of its list, fragments of real names. */
  private string(rng: Rng, slot: Slot, kind: Kind): unknown {
    if (slot.name === "after" || slot.name === "before") return kind === "valid" ? this.cursor(rng, slot) : this.forgedCursor(rng, slot);
    if (kind === "boundary") {
      const valid = this.validString(rng, slot);
      if (rng.chance(0.3)) return sameShape(rng, valid);
      return rng.pick([...BOUNDARY_STRINGS, valid.toLowerCase(), valid.toUpperCase(), ` ${valid}`, `${valid}\n`, `${valid}\u0000`, `0${valid}`, valid.slice(0, -1), `${valid}${valid}`]);
    }
    if (kind === "hostile") return rng.chance(0.85) ? rng.pick(HOSTILE_STRINGS) : `${this.validString(rng, slot)}${rng.pick(HOSTILE_STRINGS)}`;
    return this.validString(rng, slot);
  }

  /** Which harvested values are valid for a slot: by its name, and by the type a look-up returns. */
  private pools(slot: Slot): string[] {
    const cacheKey = `${slot.owner}|${slot.name}|${slot.returns ?? ""}`;
    let pool = this.poolCache.get(cacheKey);
    if (!pool) this.poolCache.set(cacheKey, (pool = this.computePools(slot)));
    return pool;
  }

  private computePools(slot: Slot): string[] {
    const keys: string[] = [];
    const byName: Record<string, string[]> = {
      regionCode: ["Region.code"],
      parentCode: ["Region.code"],
      planCode: ["Plan.code"],
      measureCode: ["Measure.code"],
      departmentSlug: ["Department.slug"],
      bankCode: ["PartnerBank.code"],
      metric: ["IndicatorObservation.metric", "Target.metric"],
      beneficiaryGroup: ["BeneficiaryGroup.code"],
    };
    if (byName[slot.name]) keys.push(...byName[slot.name]!);
    if (slot.returns) {
      const owners = [slot.returns, ...this.possible(slot.returns)];
      keys.push(...owners.map((o) => `${o}.${slot.name}`));
    }
    const values = keys.flatMap((k) => this.harvest.values.get(k) ?? []);
    if (slot.returns === "__Type") values.push(...Object.keys(this.schema.getTypeMap()));
    // Section codes also come from paths (`C2/P1/P1-M1`), which reach the deepest sections.
    if (slot.returns === "PolicySection") values.push(...(this.harvest.values.get("PolicySection.path") ?? []).flatMap((p) => p.split("/")));
    if (!values.length && /Code$|^code$/.test(slot.name)) values.push(...[...this.harvest.values].filter(([k]) => k.endsWith(".code")).flatMap(([, v]) => v));
    return values;
  }

  private possible(typeName: string): string[] {
    const type = this.schema.getType(typeName);
    return type && isAbstractType(type) ? this.schema.getPossibleTypes(type).map((t) => t.name) : [];
  }

  private validString(rng: Rng, slot: Slot): string {
    const pool = this.pools(slot);
    if (pool.length && rng.chance(0.9)) return rng.pick(pool);
    return this.fragment(rng);
  }

  /** A piece of a real name: what a person types into a search or text filter. */
  fragment(rng: Rng): string {
    if (this.words.length && rng.chance(0.3)) return rng.pick(this.words);
    const chars = [...rng.pick(this.names)];
    const length = rng.between(1, Math.min(6, chars.length));
    const start = rng.int(chars.length - length + 1);
    return chars.slice(start, start + length).join("");
  }

  id(rng: Rng): string {
    return this.harvest.ids.length ? rng.pick(this.harvest.ids) : b64("Region:150000");
  }

  private cursor(rng: Rng, slot: Slot): string {
    const own = slot.list ? this.harvest.cursors.get(slot.list) : undefined;
    if (own?.length && rng.chance(0.9)) return rng.pick(own);
    return this.allCursors.length ? rng.pick(this.allCursors) : b64('["x",1]');
  }

  /** Cursors a client could forge: altered bytes, impossible values inside real structure, foreign tags. */
  forgedCursor(rng: Rng, slot: Slot): string {
    const real = this.cursor(rng, slot);
    return rng.weighted<() => string>([
      [3, () => mutateText(rng, real)],
      [8, () => {
        // The cursor's own structure, with values a real list never produces: most of these pass
        // the structural checks and reach the SQL that compares keys.
        let parsed: unknown[];
        try {
          parsed = JSON.parse(Buffer.from(real, "base64url").toString("utf8")) as unknown[];
          if (!Array.isArray(parsed)) parsed = [parsed];
        } catch {
          parsed = ["x", 1];
        }
        const copy = [...parsed];
        const action = rng.weighted([[5, 0], [1, 1], [1, 2], [1, 3], [2, 4]]);
        if (action === 0 && copy.length > 1) {
          const i = rng.between(1, copy.length - 1);
          copy[i] = strangeLike(rng, copy[i]);
        } else if (action === 1) copy[0] = rng.pick(["__proto__", "constructor", "", 1, null, ...this.tags]);
        else if (action === 2) copy.push(strangeLike(rng, copy.at(-1)));
        else if (action === 3) copy.splice(1, 1);
        else copy.forEach((v, i) => i > 0 && (copy[i] = strangeLike(rng, v)));
        return b64(JSON.stringify(copy));
      }],
      [2, () => b64(rng.pick(["null", "1", "[]", "{}", '"x"', '{"__proto__":{}}', "[[[[[[[[[[]]]]]]]]]]", `[${'"x",'.repeat(200)}"x"]`, "\u0000", "not json"]))],
      [2, () => rng.pick(["", " ", "%%%", "....", "\u0000", "a".repeat(1_001), "a".repeat(1_000), real + "=", Buffer.from(real, "base64url").toString("base64"), this.id(rng), "A"])],
    ])();
  }

  private foreignTags(): string[] {
    const tags = new Set<string>();
    for (const cursor of this.allCursors.slice(0, 500)) {
      try {
        const parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
        if (typeof parsed[0] === "string") tags.add(parsed[0]);
      } catch {
        // not ours
      }
    }
    return [...tags].sort();
  }

  /** Global ids a client could forge: real bytes altered, or well-formed ids of odd types and keys. */
  forgedId(rng: Rng): string {
    const type = rng.weighted([[5, rng.pick(this.idTypes.length ? this.idTypes : ["Region"])], [3, rng.pick(["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "prototype"])], [2, rng.pick(["Query", "Node", "PolicySection", "", "region", "Region ", "Loan", "GuaranteeLoan"])]]);
    const key = rng.weighted([[4, rng.pick(this.idKeys.length ? this.idKeys : ["150000"])], [4, rng.pick(["", "\u0000", "x".repeat(300), "' OR 1=1 --", "99999999999999", "999999999999999", "2147483648", "-1", "1e3", "1.5", "%", "_", "😀", "150102\n", " 150102", "P1-M1\u0000", "__proto__", "0"])]]);
    return rng.weighted([
      [6, () => b64(`${type}:${key}`)],
      [2, () => mutateText(rng, this.id(rng))],
      [2, () => rng.pick(["", "%%%", "a", "abc", "Region:150102", "x".repeat(401), `${this.id(rng)}=`, Buffer.from("Region:150102").toString("base64"), b64("Region"), b64(":150102"), b64("Region:"), "\u0000"])],
    ])();
  }
}

/**
 * A valid value with characters changed into others of their kind (digits, letters): the same
 * format with content no row has — region 110105 (Beijing) instead of 150105, measure P9-M9.
 */
function sameShape(rng: Rng, valid: string): string {
  const chars = [...valid];
  for (let n = rng.between(1, 2); n > 0; n--) {
    const i = rng.int(chars.length);
    const c = chars[i] ?? "";
    if (/\d/.test(c)) chars[i] = String(rng.int(10));
    else if (/[A-Z]/.test(c)) chars[i] = String.fromCharCode(65 + rng.int(26));
    else if (/[a-z]/.test(c)) chars[i] = String.fromCharCode(97 + rng.int(26));
  }
  return chars.join("");
}

/** A value of the same JSON type as `like` (usually) that no real row has: out of range, impossible, or hostile. */
function strangeLike(rng: Rng, like: unknown): unknown {
  const numbers = [1e308, -1e308, 2 ** 63, -(2 ** 63), 2 ** 53 + 2, 2 ** 31, -(2 ** 31) - 1, -1, 0, -0, 1.5, 5e-324, 99_999_999_999];
  const dates = ["2024-02-30", "2023-02-29", "0000-01-01", "99999-01-01", "2024-13-01", "2024-00-00", "-2024-01-01", "infinity", "epoch", "2024-03-31T25:00:00", "2024-03-31 BC"];
  const texts = ["\u0000", "a\u0000b", "\u0000\u0000", "\u0001", "\u001b", "\u007f", "'", "''", "\\", "x".repeat(400), "x".repeat(401), "", "NaN", "Infinity", "-0", "1e308", "😀", "\ud800", "%", "' or 1=1 --"];
  const others: unknown[] = [null, true, {}, [], protoObject("1"), [1, 2]];
  if (rng.chance(0.15)) return rng.pick([...others, ...numbers, ...texts]);
  if (typeof like === "number") return rng.chance(0.8) ? rng.pick(numbers) : String(like);
  if (typeof like === "string" && /^\d{4}-\d{2}-\d{2}$/.test(like)) return rng.pick(dates);
  if (typeof like === "string" && /^-?\d+(\.\d+)?$/.test(like)) return rng.pick(["1e308", "-1e308", "NaN", "Infinity", "9".repeat(400), "0.", ".5", "1e-400", "--1", ...texts.slice(0, 6)]);
  return rng.pick(texts);
}

/** One small change to an opaque string: a character replaced, dropped or added, or a cut. */
function mutateText(rng: Rng, text: string): string {
  if (!text.length) return "A";
  const at = rng.int(text.length);
  switch (rng.int(4)) {
    case 0:
      return text.slice(0, at) + rng.pick([...BASE64URL]) + text.slice(at + 1);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2:
      return text.slice(0, at) + rng.pick([...BASE64URL]) + text.slice(at);
    default:
      return text.slice(0, at);
  }
}

/**
 * A value nested `depth` levels deep (`[[[…]]]` or `{"a": {"a": …}}`). Kept as a description, not
 * as objects: V8's JSON.stringify would overflow the fuzz's own stack at a few thousand levels,
 * so the HTTP body gets the text spliced in (see {@link spliceDeepValues}) and a literal prints
 * it directly. `toJSON` is what reports show.
 */
export class DeepValue {
  constructor(
    readonly depth: number,
    readonly shape: "array" | "object",
    readonly key = "a",
  ) {}

  /** The JSON text of the value. */
  json(): string {
    return this.shape === "array" ? "[".repeat(this.depth) + "]".repeat(this.depth) : `{${JSON.stringify(this.key)}:`.repeat(this.depth) + "1" + "}".repeat(this.depth);
  }

  /** The same value as a GraphQL literal. */
  literal(): string {
    const key = /^[_A-Za-z][_0-9A-Za-z]*$/.test(this.key) ? this.key : "a";
    return this.shape === "array" ? "[".repeat(this.depth) + "]".repeat(this.depth) : `{${key}: `.repeat(this.depth) + "1" + "}".repeat(this.depth);
  }

  toJSON(): string {
    return `<<${this.shape} nested ${this.depth} levels, key ${this.key}>>`;
  }
}

/** JSON text of `value` with every {@link DeepValue} written out in full. */
export function stringifyWithDeepValues(value: unknown): string {
  const deep = new Map<string, DeepValue>();
  const text = JSON.stringify(value, function (this: Record<string, unknown>, key: string, v: unknown) {
    const original = this[key];
    if (original instanceof DeepValue) {
      const marker = `\u0000deep${deep.size}\u0000`;
      deep.set(JSON.stringify(marker), original);
      return marker;
    }
    return v;
  });
  let out = text;
  for (const [marker, v] of deep) out = out.replace(marker, v.json());
  return out;
}

/** Deep nesting of arrays or objects, from a little to more than any client needs. */
export function deepValue(rng: Rng, depth = rng.pick([40, 300, 3_000, 10_000, 12_000, 20_000])): DeepValue {
  return new DeepValue(depth, rng.chance(0.5) ? "array" : "object", rng.pick(["a", "min", "regionCode", "__proto__"]));
}
