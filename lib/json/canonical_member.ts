// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The canonical bytes of a member of a JSON document, read straight from
 * the document's bytes: the fast path to a signed file's signed bytes.
 *
 * @module
 */

const encoder = new TextEncoder();

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
 * @param json A document that {@linkcode parseJson} accepts (valid UTF-8,
 * strict JSON, no duplicate keys, integers only); anything else gives
 * wrong bytes or undefined, never an error, so that the bytes may be read
 * before the document is parsed.
 * @param member The member's key, such as `signed`.
 * @returns The member's canonical bytes, or undefined when the document is
 * not canonical in this way (then use {@linkcode canonicalBytes}), or the
 * member is missing.
 *
 * @example Usage
 * ```ts
 * import { canonicalMember } from "./canonical_member.ts";
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
          // Twice: a document the parser refuses.
          if (memberStart !== -1) return undefined;
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
  if (memberEnd === -1) return undefined;
  // Sized for the whole document: give back the indentation's share.
  return new Uint8Array(out.buffer.transfer(memberEnd), memberStart);
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
