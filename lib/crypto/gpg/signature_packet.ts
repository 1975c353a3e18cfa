// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * OpenPGP v4 signature packets (RFC 4880 §5.2.3): their type, algorithms,
 * subpackets and values, and the bytes they hash.
 *
 * @module
 */

import {
  malformed,
  readMpi,
  readSubpackets,
  readU32,
  type Subpacket,
} from "./packet.ts";

/** Subpacket types this package reads. */
export const SUBPACKET = {
  creationTime: 2,
  keyExpiration: 9,
  issuer: 16,
  primaryUserId: 25,
  issuerFingerprint: 33,
} as const;

/** A parsed v4 signature packet. */
export interface SignaturePacket {
  /** The signature type (0x00 data, 0x13 certification, 0x18 binding...). */
  type: number;
  /** The public-key algorithm number. */
  algorithm: number;
  /** The hash algorithm number. */
  hash: number;
  /** From the version octet to the end of the hashed area. */
  hashed: Uint8Array;
  /** The hashed subpackets. */
  hashedSubpackets: Subpacket[];
  /** The unhashed subpackets (not covered by the signature). */
  unhashedSubpackets: Subpacket[];
  /** The signature's MPIs (RSA: s; DSA and EdDSA: r, s). */
  values: Uint8Array[];
}

/**
 * Parses a signature packet's body; only version 4 is read.
 *
 * @param body The packet body.
 * @returns The signature, or undefined for another version.
 * @throws {IntotoError} `INVALID_KEY` when malformed.
 */
export function parseSignaturePacket(
  body: Uint8Array,
): SignaturePacket | undefined {
  if (body[0] !== 4) return undefined;
  if (body.length < 6) malformed("truncated signature packet");
  const hashedLength = (body[4]! << 8) | body[5]!;
  const hashedEnd = 6 + hashedLength;
  if (hashedEnd + 2 > body.length) malformed("truncated signature packet");
  const unhashedLength = (body[hashedEnd]! << 8) | body[hashedEnd + 1]!;
  const unhashedEnd = hashedEnd + 2 + unhashedLength;
  if (unhashedEnd + 2 > body.length) malformed("truncated signature packet");
  const values: Uint8Array[] = [];
  let at = unhashedEnd + 2; // after the left 16 bits of the digest
  while (at < body.length) {
    const { value, next } = readMpi(body, at);
    values.push(value);
    at = next;
  }
  return {
    type: body[1]!,
    algorithm: body[2]!,
    hash: body[3]!,
    hashed: body.subarray(0, hashedEnd),
    hashedSubpackets: readSubpackets(body.subarray(6, hashedEnd)),
    unhashedSubpackets: readSubpackets(
      body.subarray(hashedEnd + 2, unhashedEnd),
    ),
    values,
  };
}

/**
 * A hashed subpacket's u32 value (creation time, key expiration).
 *
 * @param signature The signature.
 * @param type The subpacket type.
 * @returns Its value, or undefined when absent.
 */
export function hashedTime(
  signature: SignaturePacket,
  type: number,
): number | undefined {
  const found = signature.hashedSubpackets.findLast((sub) => sub.type === type);
  return found === undefined || found.data.length !== 4
    ? undefined
    : readU32(found.data, 0);
}
