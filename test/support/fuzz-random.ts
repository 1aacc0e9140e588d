/**
 * The fuzz's randomness: a small seeded generator (mulberry32). Every request draws from a
 * generator of its own, derived from the run's seed and the request's index, so request 7,412
 * of seed 42 is the same request whether it runs alone or among 10,000, in any order, at any
 * concurrency — which is what makes a failure reproducible from two numbers.
 */

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(items.length)]!;
  }

  /** Picks by weight: `[[weight, value], …]`. */
  weighted<T>(choices: readonly (readonly [number, T])[]): T {
    const total = choices.reduce((s, [w]) => s + w, 0);
    let r = this.next() * total;
    for (const [w, v] of choices) {
      r -= w;
      if (r < 0) return v;
    }
    return choices.at(-1)![1];
  }

  /** `count` distinct items (fewer if there are not enough), in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, Math.max(0, count));
  }
}

/** The generator of request `index` in the run of `seed`. */
export function requestRng(seed: number, index: number): Rng {
  // A splitmix-style mix, so neighbouring indices do not give neighbouring streams.
  let h = (seed ^ Math.imul(index + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return new Rng((h ^ (h >>> 16)) >>> 0);
}

/**
 * `FUZZ_SEED` as a 32-bit seed: a decimal number is taken as is, any other text is hashed;
 * without one, the fallback (a fixed seed in the tests, a fresh one in the script).
 */
export function parseSeed(raw: string | undefined, fallback: () => number): number {
  if (raw === undefined || raw.trim() === "") return fallback() >>> 0;
  if (/^\d+$/.test(raw.trim())) return Number(BigInt(raw.trim()) % 4_294_967_296n);
  let h = 2_166_136_261;
  for (const ch of raw) h = Math.imul(h ^ ch.codePointAt(0)!, 16_777_619) >>> 0;
  return h >>> 0;
}

/** `FUZZ_REQUESTS`-style positive integers, with a clear message when mistyped. */
export function parseCount(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${name} must be a positive integer; got ${JSON.stringify(raw)}`);
  return n;
}

/** `FUZZ_FROM`-style indices: a non-negative integer, 0 when unset. */
export function parseIndex(name: string, raw: string | undefined): number {
  if (raw === undefined || raw.trim() === "") return 0;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${name} must be a non-negative integer; got ${JSON.stringify(raw)}`);
  return n;
}
