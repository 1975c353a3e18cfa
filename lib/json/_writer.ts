// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The byte buffer both JSON writers write into, with Python's string
 * escapes; internal to `json/`.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";

function loneSurrogate(): never {
  throw new IntotoError(
    "INVALID_METADATA",
    "Cannot encode string: it holds a lone surrogate",
  );
}

export function checkNumber(value: number): string {
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
export function grow(
  buffer: Uint8Array<ArrayBuffer>,
  size: number,
): Uint8Array<ArrayBuffer> {
  return new Uint8Array(buffer.buffer.transfer(size));
}

const decoder = new TextDecoder();
export const encoder = new TextEncoder();

/** The bytes a {@linkcode JsonWriter} starts with by default. */
export const DEFAULT_CAPACITY = 1 << 16;

/** The size of each further chunk of a {@linkcode JsonWriter}. */
const CHUNK_BYTES = 1 << 20;

/**
 * Writes JSON text as UTF-8 into buffers: no intermediate strings or arrays
 * per value, which matters for links of 100,000 artifacts. A full buffer is
 * kept as it is and writing goes on in a new chunk, instead of doubling one
 * buffer: each doubling copied everything so far, and the freed buffers
 * stayed in the allocator's heap, so a 6 MB link's bytes cost 11 MB of
 * resident memory while it was written and signed.
 */
export class JsonWriter {
  /** The full chunks, each a view of what was written in it. */
  readonly #chunks: Uint8Array<ArrayBuffer>[] = [];
  #buffer: Uint8Array<ArrayBuffer>;
  #length = 0;

  /** @param capacity Bytes to start with: enough spares a second chunk. */
  constructor(capacity = DEFAULT_CAPACITY) {
    this.#buffer = new Uint8Array(Math.max(capacity, 64));
  }

  #reserve(count: number): Uint8Array {
    if (this.#length + count > this.#buffer.length) {
      this.#chunks.push(this.#buffer.subarray(0, this.#length));
      this.#buffer = new Uint8Array(Math.max(count, CHUNK_BYTES));
      this.#length = 0;
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

  /**
   * The bytes written so far (the writer is not used after): a view of the
   * one buffer, or the chunks joined, each given back once copied.
   */
  bytes(): Uint8Array {
    const last = this.#buffer.subarray(0, this.#length);
    if (this.#chunks.length === 0) return last;
    this.#chunks.push(last);
    let size = 0;
    for (const chunk of this.#chunks) size += chunk.length;
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const chunk of this.#chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
      chunk.buffer.transfer(0);
    }
    this.#chunks.length = 0;
    return bytes;
  }

  /** The text written so far (the writer is not used after). */
  text(): string {
    return decoder.decode(this.bytes());
  }
}
