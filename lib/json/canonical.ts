// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * securesystemslib's OLPC canonical JSON, byte for byte as the Python
 * reference writes it: the bytes that signatures and keyids are computed
 * over. Object keys sort by Unicode code point (`code_point_order.ts`).
 * `python.ts` writes the files' layout; `canonical_member.ts` reads the
 * canonical bytes of a member out of a file without parsing it.
 *
 * @module
 */

import { checkNumber, DEFAULT_CAPACITY, JsonWriter } from "./_writer.ts";
import { sortedKeys } from "./code_point_order.ts";
import type { JsonValue } from "./parse.ts";
/** Objects whose canonical bytes are known, by identity. */
type KnownEncodings = ReadonlyMap<object, Uint8Array>;

function writeCanonical(
  writer: JsonWriter,
  value: JsonValue,
  known: KnownEncodings | undefined,
): void {
  if (typeof value === "string") writer.canonicalString(value);
  else if (value === null) writer.ascii("null");
  else if (value === true) writer.ascii("true");
  else if (value === false) writer.ascii("false");
  else if (typeof value === "number") writer.ascii(checkNumber(value));
  else if (Array.isArray(value)) {
    writer.byte(0x5b);
    for (let i = 0; i < value.length; i++) {
      if (i > 0) writer.byte(0x2c);
      writeCanonical(writer, value[i]!, known);
    }
    writer.byte(0x5d);
  } else {
    const bytes = known?.get(value);
    if (bytes !== undefined) return writer.raw(bytes);
    const keys = sortedKeys(value);
    writer.byte(0x7b);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      if (i > 0) writer.byte(0x2c);
      writer.canonicalString(key);
      writer.byte(0x3a);
      writeCanonical(writer, value[key]!, known);
    }
    writer.byte(0x7d);
  }
}

/**
 * Encodes `value` as securesystemslib's canonical JSON: no whitespace, keys
 * sorted by code point, only `\` and `"` escaped, integers only.
 *
 * @param value A JSON value.
 * @returns The canonical text.
 * @throws {IntotoError} `INVALID_METADATA` for non-integer numbers or lone
 * surrogates.
 *
 * @example Usage
 * ```ts
 * import { encodeCanonical } from "./canonical.ts";
 * import assert from "node:assert/strict";
 * assert.equal(encodeCanonical({ b: "x\ny", a: 1 }), '{"a":1,"b":"x\ny"}');
 * ```
 */
export function encodeCanonical(value: JsonValue): string {
  const writer = new JsonWriter();
  writeCanonical(writer, value, undefined);
  return writer.text();
}

/** Options of {@linkcode canonicalBytes}. */
export interface CanonicalBytesOptions {
  /**
   * The canonical bytes of objects inside the value, already made (such as
   * a recorded artifact map's, by {@linkcode canonicalEntries}): they are
   * written as they are, where the object is met, instead of encoding it
   * again. Objects are found by identity.
   */
  known?: ReadonlyMap<object, Uint8Array> | undefined;
}

/**
 * The UTF-8 bytes of {@linkcode encodeCanonical}: what signatures cover.
 *
 * @param value A JSON value.
 * @param options Bytes already made for objects inside the value.
 * @returns The canonical bytes.
 * @throws {IntotoError} As {@linkcode encodeCanonical}.
 */
export function canonicalBytes(
  value: JsonValue,
  options: CanonicalBytesOptions = {},
): Uint8Array {
  // Room for the known bytes from the start: growing through them would
  // copy them several times.
  let capacity = DEFAULT_CAPACITY;
  for (const bytes of options.known?.values() ?? []) capacity += bytes.length;
  const writer = new JsonWriter(capacity);
  writeCanonical(writer, value, options.known);
  return writer.bytes();
}

/**
 * The canonical bytes of the object with `keys` and, key by key, `values`,
 * when the keys are already sorted: no listing, sorting or looking up of
 * keys, which is most of the time of encoding an object of 50,000 keys.
 *
 * @param keys The keys, in strictly increasing code point order: the caller
 * guarantees it (as {@linkcode isInCodePointOrder} would find), else the
 * bytes are not canonical.
 * @param values The value of each key.
 * @param capacity The expected size in bytes, if known: a buffer of that
 * size is not grown (a 6 MB one grows through some 16 MB).
 * @returns The bytes of {@linkcode canonicalBytes} of that object.
 * @throws {IntotoError} As {@linkcode encodeCanonical}.
 *
 * @example Usage
 * ```ts
 * import { canonicalEntries } from "./canonical.ts";
 * import assert from "node:assert/strict";
 * const bytes = canonicalEntries(["a", "b"], [{ x: "1" }, 2]);
 * assert.equal(new TextDecoder().decode(bytes), '{"a":{"x":"1"},"b":2}');
 * ```
 */
export function canonicalEntries(
  keys: readonly string[],
  values: readonly JsonValue[],
  capacity?: number,
): Uint8Array {
  const writer = new JsonWriter(capacity);
  writer.byte(0x7b);
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) writer.byte(0x2c);
    writer.canonicalString(keys[i]!);
    writer.byte(0x3a);
    writeCanonical(writer, values[i]!, undefined);
  }
  writer.byte(0x7d);
  return writer.bytes();
}
