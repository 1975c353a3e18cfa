// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A minimal, strict DER reader and writer: enough ASN.1 for keys (SPKI,
 * PKCS#8, PKCS#1, SEC1, EncryptedPrivateKeyInfo) and ECDSA signatures.
 *
 * The reader accepts only DER: definite lengths in their shortest form,
 * minimal INTEGERs, nothing after the outermost value. Every failure throws
 * `IntotoError("INVALID_KEY", detail)`; callers that parse signatures catch it.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";

/** ASN.1 universal and context tags used by key formats. */
export const TAG = {
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  sequence: 0x30,
  context0: 0xa0,
  context1: 0xa1,
} as const;

/** One decoded DER value: its tag and content bytes. */
export interface DerElement {
  /** The identifier octet (single-byte tags only). */
  tag: number;
  /** The content octets. */
  content: Uint8Array;
}

function fail(detail: string): never {
  throw new IntotoError("INVALID_KEY", `malformed DER: ${detail}`);
}

/**
 * Reads consecutive DER values from a byte string, strictly.
 *
 * @example Usage
 * ```ts
 * import { DerReader, TAG } from "./der.ts";
 * import assert from "node:assert/strict";
 * const reader = new DerReader(new Uint8Array([0x30, 3, 0x02, 1, 5]));
 * const inner = reader.sequence();
 * reader.end();
 * assert.equal(inner.integer(), 5n);
 * ```
 */
export class DerReader {
  #bytes: Uint8Array;
  #offset = 0;

  /** @param bytes The encoding to read. */
  constructor(bytes: Uint8Array) {
    this.#bytes = bytes;
  }

  /** Whether every byte has been consumed. */
  get done(): boolean {
    return this.#offset >= this.#bytes.length;
  }

  /** The tag of the next value, or undefined at the end. */
  peekTag(): number | undefined {
    return this.#bytes[this.#offset];
  }

  /**
   * Reads the next value, of any tag.
   *
   * @returns Its tag and content.
   * @throws {IntotoError} `INVALID_KEY` when it is not valid DER.
   */
  element(): DerElement {
    const bytes = this.#bytes;
    const tag = bytes[this.#offset];
    if (tag === undefined) fail("unexpected end of data");
    if ((tag & 0x1f) === 0x1f) fail("multi-byte tags are not supported");
    let offset = this.#offset + 1;
    const first = bytes[offset++];
    if (first === undefined) fail("unexpected end of data");
    let length = first;
    if (first & 0x80) {
      const count = first & 0x7f;
      if (count === 0) fail("indefinite length");
      if (count > 4) fail("length too large");
      length = 0;
      for (let i = 0; i < count; i++) {
        const byte = bytes[offset++];
        if (byte === undefined) fail("unexpected end of data");
        if (i === 0 && byte === 0) fail("non-minimal length");
        length = length * 256 + byte;
      }
      if (length < 0x80) fail("non-minimal length");
    }
    if (offset + length > bytes.length) fail("value runs past the end");
    this.#offset = offset + length;
    return { tag, content: bytes.subarray(offset, offset + length) };
  }

  /**
   * Reads the next value, of any tag, and returns its whole encoding (tag,
   * length and content), such as a certificate's signed part or a name to
   * compare byte for byte.
   *
   * @returns The encoding.
   * @throws {IntotoError} `INVALID_KEY` when it is not valid DER.
   */
  raw(): Uint8Array {
    const start = this.#offset;
    this.element();
    return this.#bytes.subarray(start, this.#offset);
  }

  /**
   * Reads the next value and requires its tag.
   *
   * @param tag The expected tag.
   * @param what A name for messages.
   * @returns The content bytes.
   */
  expect(tag: number, what: string): Uint8Array {
    const element = this.element();
    if (element.tag !== tag) {
      fail(`expected ${what}, found tag 0x${element.tag.toString(16)}`);
    }
    return element.content;
  }

  /** Reads a SEQUENCE and returns a reader over its content. */
  sequence(): DerReader {
    return new DerReader(this.expect(TAG.sequence, "SEQUENCE"));
  }

  /** Reads an INTEGER (minimal encoding) as a bigint. */
  integer(): bigint {
    return decodeInteger(this.expect(TAG.integer, "INTEGER"));
  }

  /** Reads a non-negative INTEGER and returns its big-endian magnitude. */
  unsignedInteger(): Uint8Array {
    const content = this.expect(TAG.integer, "INTEGER");
    checkInteger(content);
    if (content[0]! & 0x80) fail("negative integer");
    return content[0] === 0 ? content.subarray(1) : content;
  }

  /** Reads a small INTEGER as a number. */
  smallInteger(): number {
    const value = this.integer();
    if (value < 0n || value > 0xffffffffn) fail("integer out of range");
    return Number(value);
  }

  /** Reads an OCTET STRING. */
  octetString(): Uint8Array {
    return this.expect(TAG.octetString, "OCTET STRING");
  }

  /** Reads a BIT STRING with no unused bits and returns its bytes. */
  bitString(): Uint8Array {
    const content = this.expect(TAG.bitString, "BIT STRING");
    if (content[0] !== 0) fail("BIT STRING with unused bits");
    return content.subarray(1);
  }

  /** Reads an OBJECT IDENTIFIER in dotted form. */
  oid(): string {
    return decodeOid(this.expect(TAG.oid, "OBJECT IDENTIFIER"));
  }

  /** Reads a NULL. */
  null(): void {
    if (this.expect(TAG.null, "NULL").length !== 0) fail("non-empty NULL");
  }

  /** Requires that nothing is left. */
  end(): void {
    if (!this.done) fail("trailing data");
  }
}

function checkInteger(content: Uint8Array): void {
  if (content.length === 0) fail("empty integer");
  if (
    content.length > 1 &&
    ((content[0] === 0 && !(content[1]! & 0x80)) ||
      (content[0] === 0xff && content[1]! & 0x80))
  ) {
    fail("non-minimal integer");
  }
}

function decodeInteger(content: Uint8Array): bigint {
  checkInteger(content);
  let value = 0n;
  for (const byte of content) value = (value << 8n) | BigInt(byte);
  if (content[0]! & 0x80) value -= 1n << BigInt(content.length * 8);
  return value;
}

function decodeOid(content: Uint8Array): string {
  if (content.length === 0) fail("empty OBJECT IDENTIFIER");
  const arcs: number[] = [];
  let value = 0;
  let started = false;
  for (const byte of content) {
    if (!started && byte === 0x80) fail("non-minimal OBJECT IDENTIFIER");
    started = true;
    value = value * 128 + (byte & 0x7f);
    if (value > Number.MAX_SAFE_INTEGER) fail("OBJECT IDENTIFIER too large");
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0;
      started = false;
    }
  }
  if (started) fail("truncated OBJECT IDENTIFIER");
  const first = arcs[0]!;
  const head = first < 80 ? [Math.floor(first / 40), first % 40] : [
    2,
    first - 80,
  ];
  return [...head, ...arcs.slice(1)].join(".");
}

/**
 * Reads exactly one DER value and requires it to be a SEQUENCE.
 *
 * @param bytes The whole encoding.
 * @returns A reader over the SEQUENCE's content.
 * @throws {IntotoError} `INVALID_KEY` when malformed or followed by data.
 */
export function readSequence(bytes: Uint8Array): DerReader {
  const outer = new DerReader(bytes);
  const inner = outer.sequence();
  outer.end();
  return inner;
}

/**
 * Encodes one DER value.
 *
 * @param tag The identifier octet.
 * @param parts The content, concatenated.
 * @returns The encoding.
 */
export function encodeDer(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const length = parts.reduce((sum, part) => sum + part.length, 0);
  const header = [tag];
  if (length < 0x80) {
    header.push(length);
  } else {
    const bytes: number[] = [];
    for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) {
      bytes.unshift(rest % 256);
    }
    header.push(0x80 | bytes.length, ...bytes);
  }
  return concatBytes(new Uint8Array(header), ...parts);
}

/**
 * Encodes a SEQUENCE of already-encoded values.
 *
 * @param parts The encoded members.
 * @returns The encoding.
 */
export function encodeSequence(...parts: Uint8Array[]): Uint8Array {
  return encodeDer(TAG.sequence, ...parts);
}

/**
 * Encodes a non-negative INTEGER from its big-endian magnitude or a number.
 *
 * @param value The value.
 * @returns The encoding, minimal.
 */
export function encodeInteger(value: Uint8Array | number): Uint8Array {
  let bytes = typeof value === "number" ? numberBytes(value) : value;
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  bytes = bytes.subarray(start);
  if (bytes.length === 0) bytes = new Uint8Array(1);
  if (bytes[0]! & 0x80) bytes = concatBytes(new Uint8Array(1), bytes);
  return encodeDer(TAG.integer, bytes);
}

function numberBytes(value: number): Uint8Array {
  const bytes: number[] = [];
  for (let rest = value; rest > 0; rest = Math.floor(rest / 256)) {
    bytes.unshift(rest % 256);
  }
  return new Uint8Array(bytes);
}

/**
 * Encodes an OBJECT IDENTIFIER from dotted form.
 *
 * @param dotted Such as `1.2.840.113549.1.1.1`.
 * @returns The encoding.
 */
export function encodeOid(dotted: string): Uint8Array {
  const arcs = dotted.split(".").map(Number);
  const values = [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)];
  const bytes: number[] = [];
  for (const value of values) {
    const group = [value % 128];
    for (let rest = Math.floor(value / 128); rest > 0; rest >>>= 7) {
      group.unshift((rest % 128) | 0x80);
    }
    bytes.push(...group);
  }
  return encodeDer(TAG.oid, new Uint8Array(bytes));
}

/** The encoding of NULL. */
export const DER_NULL: Uint8Array = new Uint8Array([TAG.null, 0]);

/**
 * Concatenates byte arrays.
 *
 * @param parts The arrays.
 * @returns One new array.
 */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
