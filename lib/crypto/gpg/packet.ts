// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * OpenPGP packet framing (RFC 4880 §4, RFC 9580 §4): packet headers in both
 * formats, multiprecision integers, subpackets, and ASCII armour. Partial
 * and indeterminate lengths are refused, as the reference refuses them.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { IntotoError } from "../../errors.ts";

/** One packet of a stream. */
export interface Packet {
  /** The packet tag (6 public key, 13 user ID, 14 subkey, 2 signature...). */
  tag: number;
  /** The packet body. */
  body: Uint8Array;
}

/** Packet tags this package reads. */
export const PACKET = {
  signature: 2,
  publicKey: 6,
  userId: 13,
  publicSubkey: 14,
  userAttribute: 17,
} as const;

/**
 * Throws the error of malformed OpenPGP data.
 *
 * @param detail What is wrong.
 * @throws {IntotoError} `INVALID_KEY`, always.
 */
export function malformed(detail: string): never {
  throw new IntotoError("INVALID_KEY", `malformed OpenPGP data: ${detail}`);
}

/**
 * Splits bytes into packets.
 *
 * @param bytes A packet stream (binary, not armoured).
 * @returns The packets in order.
 * @throws {IntotoError} `INVALID_KEY` for a malformed or truncated stream.
 */
export function readPackets(bytes: Uint8Array): Packet[] {
  const packets: Packet[] = [];
  let at = 0;
  const need = (count: number) => {
    if (at + count > bytes.length) malformed("truncated packet");
  };
  while (at < bytes.length) {
    const ctb = bytes[at++]!;
    if ((ctb & 0x80) === 0) malformed(`bad packet header 0x${hex2(ctb)}`);
    let tag: number;
    let length: number;
    if (ctb & 0x40) {
      tag = ctb & 0x3f;
      need(1);
      const first = bytes[at++]!;
      if (first < 192) length = first;
      else if (first < 224) {
        need(1);
        length = ((first - 192) << 8) + bytes[at++]! + 192;
      } else if (first === 255) {
        need(4);
        length = readU32(bytes, at);
        at += 4;
      } else return malformed("partial packet lengths are not supported");
    } else {
      tag = (ctb >> 2) & 0x0f;
      const type = ctb & 3;
      if (type === 3) {
        malformed("indeterminate packet lengths are not supported");
      }
      const size = 1 << type;
      need(size);
      length = 0;
      for (let i = 0; i < size; i++) length = length * 256 + bytes[at++]!;
    }
    need(length);
    packets.push({ tag, body: bytes.subarray(at, at + length) });
    at += length;
  }
  return packets;
}

/**
 * Reads a big-endian u32.
 *
 * @param bytes The bytes.
 * @param at The offset.
 * @returns The value.
 */
export function readU32(bytes: Uint8Array, at: number): number {
  if (at + 4 > bytes.length) malformed("truncated number");
  return new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0);
}

/**
 * Reads one multiprecision integer.
 *
 * @param bytes The bytes.
 * @param at Where the MPI's bit count starts.
 * @returns The MPI's bytes as stored (no leading zero bytes) and the offset
 * after it.
 * @throws {IntotoError} `INVALID_KEY` when truncated.
 */
export function readMpi(
  bytes: Uint8Array,
  at: number,
): { value: Uint8Array; next: number } {
  if (at + 2 > bytes.length) malformed("truncated MPI");
  const bits = (bytes[at]! << 8) | bytes[at + 1]!;
  const end = at + 2 + Math.ceil(bits / 8);
  if (end > bytes.length) malformed("truncated MPI");
  let start = at + 2;
  while (start < end && bytes[start] === 0) start++;
  return { value: bytes.slice(start, end), next: end };
}

/** One signature subpacket. */
export interface Subpacket {
  /** The type, without the critical bit. */
  type: number;
  /** Whether the critical bit was set. */
  critical: boolean;
  /** The subpacket's data. */
  data: Uint8Array;
}

/**
 * Splits a subpacket area.
 *
 * @param area The area's bytes (without its u16 length).
 * @returns The subpackets in order.
 * @throws {IntotoError} `INVALID_KEY` for a malformed area.
 */
export function readSubpackets(area: Uint8Array): Subpacket[] {
  const result: Subpacket[] = [];
  let at = 0;
  while (at < area.length) {
    const first = area[at++]!;
    let length: number;
    if (first < 192) length = first;
    else if (first < 255) {
      if (at >= area.length) malformed("truncated subpacket");
      length = ((first - 192) << 8) + area[at++]! + 192;
    } else {
      length = readU32(area, at);
      at += 4;
    }
    if (length === 0 || at + length > area.length) {
      malformed("bad subpacket length");
    }
    const type = area[at]!;
    result.push({
      type: type & 0x7f,
      critical: (type & 0x80) !== 0,
      data: area.subarray(at + 1, at + length),
    });
    at += length;
  }
  return result;
}

/**
 * Removes ASCII armour (`-----BEGIN PGP PUBLIC KEY BLOCK-----`), checking
 * the CRC-24 line when present; binary input is returned as it is.
 *
 * @param bytes Armoured or binary OpenPGP data.
 * @returns The binary packets.
 * @throws {IntotoError} `INVALID_KEY` for broken armour.
 */
export function dearmor(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(bytes.subarray(0, 64));
  if (!text.trimStart().startsWith("-----BEGIN PGP ")) return bytes;
  const lines = new TextDecoder().decode(bytes).split(/\r?\n/).map((line) =>
    line.trim()
  );
  const begin = lines.findIndex((line) => line.startsWith("-----BEGIN PGP "));
  const end = lines.findIndex((line) => line.startsWith("-----END PGP "));
  if (end < begin) malformed("the armour has no END line");
  let at = begin + 1;
  while (at < end && lines[at] !== "") at++; // armour headers
  if (at === end) malformed("the armour has no blank line after its headers");
  const body = lines.slice(at + 1, end).filter((line) => line !== "");
  let crc: string | undefined;
  if (body.length > 0 && body[body.length - 1]!.startsWith("=")) {
    crc = body.pop()!.slice(1);
  }
  const base64 = body.join("");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) {
    malformed("the armour is not base64");
  }
  const data = new Uint8Array(Buffer.from(base64, "base64"));
  if (crc !== undefined) {
    const sum = crc24(data);
    const expected = Buffer.from(crc, "base64");
    if (
      expected.length !== 3 ||
      ((expected[0]! << 16) | (expected[1]! << 8) | expected[2]!) !== sum
    ) {
      malformed("the armour's checksum does not match");
    }
  }
  return data;
}

function crc24(data: Uint8Array): number {
  let crc = 0xb704ce;
  for (const byte of data) {
    crc ^= byte << 16;
    for (let i = 0; i < 8; i++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

function hex2(byte: number): string {
  return byte.toString(16).padStart(2, "0");
}
