// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The two JSON writers in-toto needs, byte for byte as the Python reference:
 *
 * - {@linkcode encodeCanonical}: securesystemslib's OLPC canonical JSON, the
 *   bytes that signatures and keyids are computed over;
 * - {@linkcode formatPythonJson}: Python's `json.dumps(sort_keys=True)` with
 *   its `indent` and `separators`, the layout of the files the reference
 *   writes.
 *
 * Both sort object keys by Unicode code point, as Python does, not by
 * UTF-16 unit as `Array.prototype.sort` does.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import type { JsonValue } from "./parse.ts";

/**
 * Compares two strings by Unicode code point.
 *
 * @param a A string.
 * @param b Another string.
 * @returns Negative, zero or positive, as for `Array.prototype.sort`.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // A surrogate (0xD800-0xDFFF) stands for a code point above 0xFFFF, which
    // sorts after every BMP character, including 0xE000-0xFFFF.
    const xs = x >= 0xd800 && x <= 0xdfff;
    const ys = y >= 0xd800 && y <= 0xdfff;
    if (xs !== ys) return xs ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** A UTF-16 unit at or above the surrogates, where the two orders differ. */
const HIGH_UNIT = /[\ud800-\uffff]/;

/**
 * Whether `text` holds a UTF-16 unit at or above the surrogates. Strings
 * without one compare the same natively (by UTF-16 unit, as `<` and
 * `Array.prototype.sort` do) as by code point.
 *
 * @param text A string.
 * @returns True when native comparison may differ from code point order.
 */
export function hasHighUnit(text: string): boolean {
  return HIGH_UNIT.test(text);
}

/**
 * Whether `a` sorts strictly before `b` by code point, comparing natively
 * unless one holds a high unit.
 *
 * @param a A string.
 * @param b Another string.
 * @returns True when `a` comes first and differs from `b`.
 */
export function precedes(a: string, b: string): boolean {
  return hasHighUnit(a) || hasHighUnit(b) ? compareCodePoints(a, b) < 0 : a < b;
}

/**
 * Whether `keys` are in strictly increasing code point order (so also all
 * distinct), comparing natively (much faster than
 * {@linkcode compareCodePoints}) unless a key holds a high unit.
 *
 * @param keys Strings.
 * @returns True when every key sorts after the one before it.
 */
export function isInCodePointOrder(keys: readonly string[]): boolean {
  const native = !keys.some(hasHighUnit);
  for (let i = 1; i < keys.length; i++) {
    const previous = keys[i - 1]!;
    const key = keys[i]!;
    if (native ? previous >= key : compareCodePoints(previous, key) >= 0) {
      return false;
    }
  }
  return true;
}

/**
 * Returns the keys of `object` sorted by code point.
 *
 * @param object Any object.
 * @returns Its own enumerable keys, sorted.
 */
export function sortedKeys(object: object): string[] {
  const keys = Object.keys(object);
  if (keys.length < 2 || isInCodePointOrder(keys)) return keys;
  return keys.some(hasHighUnit) ? keys.sort(compareCodePoints) : keys.sort();
}

function loneSurrogate(): never {
  throw new IntotoError(
    "INVALID_METADATA",
    "Cannot encode string: it holds a lone surrogate",
  );
}

function checkNumber(value: number): string {
  if (!Number.isSafeInteger(value)) {
    throw new IntotoError(
      "INVALID_METADATA",
      `Cannot encode number "${value}": only integers are allowed`,
    );
  }
  return String(value);
}

const HEX = "0123456789abcdef";

/** Writes `\uXXXX` (lower-case hex) for a UTF-16 unit at `at`. */
function writeUnitEscape(buffer: Uint8Array, at: number, unit: number): number {
  buffer[at++] = 0x5c;
  buffer[at++] = 0x75;
  buffer[at++] = HEX.charCodeAt(unit >> 12);
  buffer[at++] = HEX.charCodeAt((unit >> 8) & 0xf);
  buffer[at++] = HEX.charCodeAt((unit >> 4) & 0xf);
  buffer[at++] = HEX.charCodeAt(unit & 0xf);
  return at;
}

/** Python's two-character escapes, by character code. */
const PYTHON_SHORT_ESCAPES: Readonly<Record<number, number>> = {
  0x08: 0x62, // \b
  0x09: 0x74, // \t
  0x0a: 0x6e, // \n
  0x0c: 0x66, // \f
  0x0d: 0x72, // \r
};

/**
 * The bytes of `buffer`, which must span its whole ArrayBuffer, in a larger
 * buffer of `size` bytes. The old buffer is detached, so that its memory
 * goes back at once instead of at the next full garbage collection: a 6 MB
 * link grows its buffers through some 16 MB, which otherwise set off a major
 * collection while the link is being written.
 */
function grow(
  buffer: Uint8Array<ArrayBuffer>,
  size: number,
): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer.transfer(size));
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** The bytes a {@linkcode JsonWriter} starts with by default. */
const DEFAULT_CAPACITY = 1 << 16;

/**
 * Writes JSON text as UTF-8 into one growing buffer: no intermediate
 * strings or arrays per value, which matters for links of 100,000 artifacts.
 */
class JsonWriter {
  #buffer: Uint8Array<ArrayBuffer>;
  #length = 0;

  /** @param capacity Bytes to start with: enough spares growing. */
  constructor(capacity = DEFAULT_CAPACITY) {
    this.#buffer = new Uint8Array(Math.max(capacity, 64));
  }

  #reserve(count: number): Uint8Array {
    const needed = this.#length + count;
    if (needed > this.#buffer.length) {
      let size = this.#buffer.length * 2;
      while (size < needed) size *= 2;
      this.#buffer = grow(this.#buffer, size);
    }
    return this.#buffer;
  }

  /** Writes ASCII text as is. */
  ascii(text: string): void {
    const buffer = this.#reserve(text.length);
    let at = this.#length;
    for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
    this.#length = at;
  }

  /** Writes bytes as they are. */
  raw(bytes: Uint8Array): void {
    this.#reserve(bytes.length).set(bytes, this.#length);
    this.#length += bytes.length;
  }

  /** Writes one ASCII character by code. */
  byte(code: number): void {
    this.#reserve(1)[this.#length++] = code;
  }

  /** Writes a canonical string: `\` and `"` escaped, the rest as UTF-8. */
  canonicalString(value: string): void {
    const buffer = this.#reserve(value.length * 3 + 2);
    let at = this.#length;
    buffer[at++] = 0x22;
    for (let i = 0; i < value.length; i++) {
      let code = value.charCodeAt(i);
      if (code < 0x80) {
        if (code === 0x22 || code === 0x5c) buffer[at++] = 0x5c;
        buffer[at++] = code;
      } else if (code < 0x800) {
        buffer[at++] = 0xc0 | (code >> 6);
        buffer[at++] = 0x80 | (code & 0x3f);
      } else if (code >= 0xd800 && code <= 0xdfff) {
        // A surrogate pair is one 4-byte sequence; a lone half is refused.
        const low = value.charCodeAt(i + 1);
        if (code > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) {
          loneSurrogate();
        }
        i++;
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        buffer[at++] = 0xf0 | (code >> 18);
        buffer[at++] = 0x80 | ((code >> 12) & 0x3f);
        buffer[at++] = 0x80 | ((code >> 6) & 0x3f);
        buffer[at++] = 0x80 | (code & 0x3f);
      } else {
        buffer[at++] = 0xe0 | (code >> 12);
        buffer[at++] = 0x80 | ((code >> 6) & 0x3f);
        buffer[at++] = 0x80 | (code & 0x3f);
      }
    }
    buffer[at++] = 0x22;
    this.#length = at;
  }

  /**
   * Writes a string as Python's `json.dumps` with `ensure_ascii`: `"`, `\`
   * and control characters escaped, everything outside printable ASCII as
   * `\uXXXX` (UTF-16 units, lower-case hex).
   */
  pythonString(value: string): void {
    const buffer = this.#reserve(value.length * 6 + 2);
    let at = this.#length;
    buffer[at++] = 0x22;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code >= 0x20 && code < 0x7f) {
        if (code === 0x22 || code === 0x5c) buffer[at++] = 0x5c;
        buffer[at++] = code;
        continue;
      }
      if (code >= 0xd800 && code <= 0xdfff) {
        // A surrogate pair is escaped unit by unit; a lone half is refused.
        const low = value.charCodeAt(i + 1);
        if (code > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) {
          loneSurrogate();
        }
        at = writeUnitEscape(buffer, at, code);
        at = writeUnitEscape(buffer, at, low);
        i++;
        continue;
      }
      const short = PYTHON_SHORT_ESCAPES[code];
      if (short !== undefined) {
        buffer[at++] = 0x5c;
        buffer[at++] = short;
        continue;
      }
      at = writeUnitEscape(buffer, at, code);
    }
    buffer[at++] = 0x22;
    this.#length = at;
  }

  /** The bytes written so far (a view: the writer is not used after). */
  bytes(): Uint8Array {
    return this.#buffer.subarray(0, this.#length);
  }

  /** The text written so far. */
  text(): string {
    return decoder.decode(this.#buffer.subarray(0, this.#length));
  }
}

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

/**
 * The canonical bytes of a top-level member of a JSON document, read
 * straight from the document when its objects already list their keys in
 * canonical order: whitespace is dropped and string escapes are decoded as
 * canonical JSON writes them (only `\\` and `\"` stay escaped); the order
 * of the top-level keys does not matter. Files the reference writes
 * (`json.dumps(sort_keys=True)`) qualify, so checking a
 * signature need not encode a 10 MB link again. The bytes are exactly those
 * of {@linkcode canonicalBytes} of the parsed member; whenever that cannot
 * be proven (keys out of code point order, a key holding `"` or `\\`, a
 * `-0`), the result is undefined.
 *
 * @param json A document that {@linkcode parseJson} accepted (valid UTF-8,
 * strict JSON, no duplicate keys, integers only); anything else gives
 * wrong bytes.
 * @param member The member's key, such as `signed`.
 * @returns The member's canonical bytes, or undefined when the document is
 * not canonical in this way (then use {@linkcode canonicalBytes}), or the
 * member is missing.
 *
 * @example Usage
 * ```ts
 * import { canonicalMember } from "./canonical.ts";
 * import assert from "node:assert/strict";
 * const text = '{\n "signed": {\n  "a": [1, "x"],\n  "b": {}\n }\n}';
 * const bytes = canonicalMember(new TextEncoder().encode(text), "signed");
 * assert.equal(new TextDecoder().decode(bytes), '{"a":[1,"x"],"b":{}}');
 * assert.equal(canonicalMember(new TextEncoder().encode('{"signed": {"b": 1, "a": 2}}'), "signed"), undefined);
 * ```
 */
export function canonicalMember(
  json: Uint8Array,
  member: string,
): Uint8Array | undefined {
  const name = encoder.encode(member);
  const out = new Uint8Array(json.length);
  let at = 0;
  let depth = 0;
  // The last string written (its content, in `out`) and whether it holds
  // `"` or `\`: the key, when a ":" follows.
  let stringStart = 0;
  let stringEnd = 0;
  let escaped = false;
  // The previous key of the object open at each depth (start -1: none).
  const keyStarts: number[] = [-1];
  const keyEnds: number[] = [-1];
  let memberStart = -1;
  let memberEnd = -1;
  for (let i = 0; i < json.length; i++) {
    const code = json[i]!;
    // Indentation, the most common byte outside strings.
    if (code === 0x20 || code === 0x0a) continue;
    if (code === 0x22) {
      // A string, its escapes decoded as canonical JSON writes them.
      out[at++] = code;
      stringStart = at;
      escaped = false;
      for (i++; i < json.length; i++) {
        const char = json[i]!;
        if (char === 0x22) break;
        if (char !== 0x5c) {
          out[at++] = char;
          continue;
        }
        let unit = SHORT_ESCAPES[json[++i]!] ?? -1;
        if (unit === -1) {
          unit = readEscapedCodePoint(json, i);
          if (unit === -1) return undefined;
          i += unit > 0xffff ? 10 : 4;
        }
        if (unit === 0x22 || unit === 0x5c) {
          out[at++] = 0x5c;
          escaped = true;
        }
        at = writeUtf8(out, at, unit);
      }
      stringEnd = at;
      out[at++] = 0x22;
      continue;
    }
    switch (code) {
      case 0x20:
      case 0x09:
      case 0x0a:
      case 0x0d:
        continue;
      case 0x3a: {
        // Only the member's own objects matter, not the top level's order.
        const previous = depth === 1 ? -1 : keyStarts[depth]!;
        if (
          (escaped && depth > 1) || (previous !== -1 &&
            compareBytes(
                out,
                previous,
                keyEnds[depth]!,
                stringStart,
                stringEnd,
              ) >= 0)
        ) {
          return undefined;
        }
        keyStarts[depth] = stringStart;
        keyEnds[depth] = stringEnd;
        out[at++] = code;
        if (depth === 1 && isSpan(out, stringStart, stringEnd, name)) {
          memberStart = at;
        }
        continue;
      }
      case 0x7b:
      case 0x5b:
        keyStarts[++depth] = -1;
        break;
      case 0x7d:
      case 0x5d:
      case 0x2c:
        // The end of a top-level member, or of the top-level object.
        if (depth === 1 && memberStart !== -1 && memberEnd === -1) {
          memberEnd = at;
        }
        if (code !== 0x2c) depth--;
        break;
      case 0x2d:
        if (json[i + 1] === 0x30) return undefined;
        break;
    }
    out[at++] = code;
  }
  return memberEnd === -1 ? undefined : out.subarray(memberStart, memberEnd);
}

/** What the one-letter JSON escapes stand for, by the letter's code. */
const SHORT_ESCAPES: Readonly<Record<number, number>> = {
  0x22: 0x22, // \"
  0x5c: 0x5c, // \\
  0x2f: 0x2f, // \/
  0x62: 0x08, // \b
  0x66: 0x0c, // \f
  0x6e: 0x0a, // \n
  0x72: 0x0d, // \r
  0x74: 0x09, // \t
};

/**
 * Reads the `\uXXXX` escape whose `u` is at `at`, with the low half that
 * must follow a high surrogate. Returns the code point, or -1 when the
 * escape is malformed or a surrogate is alone.
 */
function readEscapedCodePoint(json: Uint8Array, at: number): number {
  if (json[at] !== 0x75) return -1;
  const unit = readHex4(json, at + 1);
  if (unit < 0xd800 || unit > 0xdfff) return unit;
  if (unit > 0xdbff || json[at + 5] !== 0x5c || json[at + 6] !== 0x75) {
    return -1;
  }
  const low = readHex4(json, at + 7);
  if (low < 0xdc00 || low > 0xdfff) return -1;
  return 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
}

/** Four hex digits at `at` as a number, or -1. */
function readHex4(json: Uint8Array, at: number): number {
  let value = 0;
  for (let i = at; i < at + 4; i++) {
    const code = json[i] ?? 0;
    const digit = code >= 0x30 && code <= 0x39
      ? code - 0x30
      : (code | 0x20) >= 0x61 && (code | 0x20) <= 0x66
      ? (code | 0x20) - 0x57
      : -1;
    if (digit === -1) return -1;
    value = value * 16 + digit;
  }
  return value;
}

/** Writes `codePoint` as UTF-8 at `at`; returns the next position. */
function writeUtf8(out: Uint8Array, at: number, codePoint: number): number {
  if (codePoint < 0x80) {
    out[at++] = codePoint;
  } else if (codePoint < 0x800) {
    out[at++] = 0xc0 | (codePoint >> 6);
    out[at++] = 0x80 | (codePoint & 0x3f);
  } else if (codePoint < 0x10000) {
    out[at++] = 0xe0 | (codePoint >> 12);
    out[at++] = 0x80 | ((codePoint >> 6) & 0x3f);
    out[at++] = 0x80 | (codePoint & 0x3f);
  } else {
    out[at++] = 0xf0 | (codePoint >> 18);
    out[at++] = 0x80 | ((codePoint >> 12) & 0x3f);
    out[at++] = 0x80 | ((codePoint >> 6) & 0x3f);
    out[at++] = 0x80 | (codePoint & 0x3f);
  }
  return at;
}

/** Compares two spans of `bytes`; UTF-8 byte order is code point order. */
function compareBytes(
  bytes: Uint8Array,
  a: number,
  aEnd: number,
  b: number,
  bEnd: number,
): number {
  const length = Math.min(aEnd - a, bEnd - b);
  for (let i = 0; i < length; i++) {
    const difference = bytes[a + i]! - bytes[b + i]!;
    if (difference !== 0) return difference;
  }
  return (aEnd - a) - (bEnd - b);
}

/** Whether `bytes[start, end)` equals `expected`. */
function isSpan(
  bytes: Uint8Array,
  start: number,
  end: number,
  expected: Uint8Array,
): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) {
    if (bytes[start + i] !== expected[i]) return false;
  }
  return true;
}

/** Layout options for {@linkcode formatPythonJson}. */
export interface PythonJsonOptions {
  /** Spaces per level; omit for a single line, as `indent=None`. */
  indent?: number;
  /** Python's `separators`; defaults to `[", ", ": "]` as `json.dumps`. */
  separators?: [string, string];
}

/**
 * Formats `value` as Python's `json.dumps(value, sort_keys=True, ...)` with
 * `ensure_ascii` on: in-toto writes metadata files with `indent=1,
 * separators=(",", ": ")`, and DSSE payloads with the defaults.
 *
 * @param value A JSON value.
 * @param options Indent and separators.
 * @returns The text Python would write.
 *
 * @example Usage
 * ```ts
 * import { formatPythonJson } from "./canonical.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatPythonJson({ b: ["é"], a: 1 }), '{"a": 1, "b": ["\\u00e9"]}');
 * ```
 */
export function formatPythonJson(
  value: JsonValue,
  options: PythonJsonOptions = {},
): string {
  const indent = options.indent;
  const [itemSeparator, keySeparator] = (options.separators ??
    (indent === undefined ? [", ", ": "] : [",", ": "])).map((separator) =>
      encoder.encode(separator)
    ) as [Uint8Array, Uint8Array];
  const writer = new JsonWriter();
  // Line breaks and indentation by depth, made once each.
  const breaks: string[] = [];
  const newline = (depth: number): void => {
    if (indent !== undefined) {
      writer.ascii(breaks[depth] ??= "\n" + " ".repeat(indent * depth));
    }
  };
  const write = (item: JsonValue, depth: number): void => {
    if (typeof item === "string") writer.pythonString(item);
    else if (item === null) writer.ascii("null");
    else if (item === true) writer.ascii("true");
    else if (item === false) writer.ascii("false");
    else if (typeof item === "number") writer.ascii(checkNumber(item));
    else if (Array.isArray(item)) {
      if (item.length === 0) return writer.ascii("[]");
      writer.byte(0x5b);
      for (let i = 0; i < item.length; i++) {
        if (i > 0) writer.raw(itemSeparator);
        newline(depth + 1);
        write(item[i]!, depth + 1);
      }
      newline(depth);
      writer.byte(0x5d);
    } else {
      const keys = sortedKeys(item);
      if (keys.length === 0) return writer.ascii("{}");
      writer.byte(0x7b);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (i > 0) writer.raw(itemSeparator);
        newline(depth + 1);
        writer.pythonString(key);
        writer.raw(keySeparator);
        write(item[key]!, depth + 1);
      }
      newline(depth);
      writer.byte(0x7d);
    }
  };
  write(value, 0);
  return writer.text();
}

/** Options of {@linkcode indentCanonical}. */
export interface IndentCanonicalOptions {
  /** Spaces per level. */
  indent: number;
  /** The depth the value is nested at in the enclosing text (default 0). */
  depth?: number;
  /**
   * Bytes left free before the text, for the enclosing text (default 0):
   * the text then starts at this offset of the result.
   */
  before?: number;
  /** Bytes left free after the text, at the end of the result (default 0). */
  after?: number;
}

/**
 * {@linkcode formatPythonJson} with `indent`, computed from the canonical
 * bytes of the same value instead of the value: a single pass over bytes,
 * valid because both forms list keys in code point order and escape `"`
 * and `\` alike. Only strings of printable ASCII qualify (Python escapes
 * everything else differently).
 *
 * @param bytes The value's {@linkcode canonicalBytes}.
 * @param options Indent, the depth lines are indented from, and room to
 * leave around the text, so that the enclosing text can be written around
 * it without copying it.
 * @returns The text's bytes (ASCII) with the room around them, or undefined
 * when a string holds a byte outside printable ASCII (then use
 * {@linkcode formatPythonJson}).
 *
 * @example Usage
 * ```ts
 * import { canonicalBytes, indentCanonical } from "./canonical.ts";
 * import assert from "node:assert/strict";
 * const value = { b: [1, "x"], a: {} };
 * assert.equal(
 *   new TextDecoder().decode(indentCanonical(canonicalBytes(value), { indent: 1 })),
 *   '{\n "a": {},\n "b": [\n  1,\n  "x"\n ]\n}',
 * );
 * assert.equal(indentCanonical(canonicalBytes(["é"]), { indent: 1 }), undefined);
 * ```
 */
export function indentCanonical(
  bytes: Uint8Array,
  options: IndentCanonicalOptions,
): Uint8Array | undefined {
  const { indent, before = 0, after = 0 } = options;
  let depth = options.depth ?? 0;
  const length = bytes.length;
  let out = new Uint8Array(before + length * 2 + 64 + after);
  let at = before;
  // One pass, copying byte by byte: no subarrays or closures in the loop.
  for (let i = 0; i < length; i++) {
    const code = bytes[i]!;
    if (code === 0x22) {
      // Copy the string as it is: canonical and Python JSON both write
      // printable ASCII raw, with `\"` and `\\` as the only escapes.
      out[at++] = code;
      for (i++; i < length; i++) {
        const char = bytes[i]!;
        if (char < 0x20 || char > 0x7e) return undefined;
        out[at++] = char;
        if (char === 0x5c) out[at++] = bytes[++i]!;
        else if (char === 0x22) break;
      }
      continue;
    }
    if (code === 0x3a) {
      out[at++] = code;
      out[at++] = 0x20;
      continue;
    }
    const closing = code === 0x7d || code === 0x5d;
    if (closing) {
      depth--;
    } else {
      out[at++] = code;
      if (code === 0x2c) {
        // A line break follows.
      } else if (code === 0x7b || code === 0x5b) {
        if (bytes[i + 1] === code + 2) {
          // An empty object or array stays on one line.
          out[at++] = code + 2;
          i++;
          continue;
        }
        depth++;
      } else {
        continue;
      }
    }
    // A line break and the indentation, keeping room for the rest at two
    // bytes per byte.
    const spaces = indent * depth;
    const needed = at + 2 + spaces + 2 * (length - i) + after;
    if (needed > out.length) out = grow(out, needed * 2);
    out[at++] = 0x0a;
    for (let space = 0; space < spaces; space++) out[at++] = 0x20;
    if (closing) out[at++] = code;
  }
  // A view, not a trimmed copy: the text is often megabytes.
  return out.subarray(0, at + after);
}
