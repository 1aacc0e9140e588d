/**
 * An estimate of the heap a value holds, for caches bounded by bytes. It follows V8's layout
 * roughly (64-bit, pointer compression off — the pessimistic case): an object header and a
 * slot per property, strings at two bytes per character (any Chinese character makes V8 store
 * the whole string that way). Large arrays, maps and sets are sampled: the first
 * {@link SAMPLE} items are measured and the rest assumed alike, which holds for the uniform
 * rows that caches keep (table cells, progress series). Cycles and shared objects count once.
 */
const OBJECT_HEADER = 32;
const SLOT = 8;
const STRING_HEADER = 16;
/** Items of an array, map or set measured before the rest is extrapolated. */
const SAMPLE = 64;

export function approximateBytes(value: unknown): number {
  return measure(value, new WeakSet());
}

function measure(value: unknown, seen: WeakSet<object>): number {
  switch (typeof value) {
    case "string":
      return STRING_HEADER + 2 * value.length;
    case "number":
    case "boolean":
    case "undefined":
    case "symbol":
      return SLOT;
    case "bigint":
      return STRING_HEADER + SLOT;
    case "function":
      return OBJECT_HEADER;
    case "object":
      break;
  }
  if (value === null) return SLOT;
  const object = value as object;
  if (seen.has(object)) return SLOT;
  seen.add(object);
  if (ArrayBuffer.isView(object)) return OBJECT_HEADER + object.byteLength;
  if (object instanceof Date) return OBJECT_HEADER + SLOT;
  if (Array.isArray(object)) return OBJECT_HEADER + SLOT * object.length + sampled(object, object.length, seen);
  if (object instanceof Map) return OBJECT_HEADER + 3 * SLOT * object.size + sampled(object.entries(), object.size, seen);
  if (object instanceof Set) return OBJECT_HEADER + 2 * SLOT * object.size + sampled(object.values(), object.size, seen);
  let bytes = OBJECT_HEADER;
  for (const key in object) {
    if (!Object.hasOwn(object, key)) continue;
    bytes += SLOT + measure((object as Record<string, unknown>)[key], seen);
  }
  return bytes;
}

/** The items of a collection of `size` items: the first SAMPLE measured, the rest extrapolated. */
function sampled(items: Iterable<unknown>, size: number, seen: WeakSet<object>): number {
  let measured = 0;
  let count = 0;
  for (const item of items) {
    if (count === SAMPLE) break;
    measured += measure(item, seen);
    count++;
  }
  return count === 0 ? 0 : Math.round((measured / count) * size);
}
