// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * OpenPGP certificates (transferable public keys, RFC 4880 §11.1) read into
 * GPG keys: the primary key, its expiry from its self-certifications, its
 * revocation, and the subkeys that a valid binding signature from the
 * primary ties to it. Self-signatures are verified over the RFC framing
 * (`0x99 ‖ u16 length ‖ body`), also for the one-octet headers gpg writes
 * for Ed25519 keys, where the reference's framing fails.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { IntotoError } from "../../errors.ts";
import { GPG_HASHES, verifyGpgValues } from "./algorithm.ts";
import {
  ED25519_OID,
  GPG_ALGORITHMS,
  type GpgKey,
  type GpgKeyPart,
  gpgTypeOf,
} from "./key.ts";
import {
  malformed,
  PACKET,
  type Packet,
  readMpi,
  readPackets,
} from "./packet.ts";
import {
  hashedTime,
  parseSignaturePacket,
  SignaturePacket,
  SUBPACKET,
} from "./signature_packet.ts";
import { signatureTrailer } from "./verify.ts";

/**
 * Self-signature hashes accepted: SHA-1 (as gpg and the reference accept it
 * there; keys made before 2019 use it) and SHA-2, never MD5. Data
 * signatures must be SHA-256 (`verify.ts`).
 */
const SELF_SIGNATURE_HASHES = new Set([2, 8, 9, 10, 11]);

interface KeyPacket {
  part: GpgKeyPart;
  /** `0x99 ‖ u16 length ‖ body`, as signatures hash a key. */
  framed: Uint8Array;
}

function framed(prefix: number, lengthBytes: number, body: Uint8Array) {
  const out = new Uint8Array(1 + lengthBytes + body.length);
  out[0] = prefix;
  const view = new DataView(out.buffer);
  if (lengthBytes === 2) view.setUint16(1, body.length);
  else view.setUint32(1, body.length);
  out.set(body, 1 + lengthBytes);
  return out;
}

/**
 * Parses a v4 public key or subkey packet.
 *
 * @returns The key, or undefined for another version or an unsupported
 * algorithm (ElGamal, ECDH, ECDSA, RFC 9580 Ed25519).
 */
function parseKeyPacket(body: Uint8Array): KeyPacket | undefined {
  if (body[0] !== 4 || body.length < 6) return undefined;
  const type = gpgTypeOf(body[5]!);
  if (type === undefined) return undefined;
  let at = 6;
  const params: Record<string, string> = {};
  if (type === "eddsa") {
    const oid = body.subarray(at, at + ED25519_OID.length);
    if (oid.toHex() !== ED25519_OID.toHex()) return undefined;
    at += ED25519_OID.length;
  }
  for (const name of GPG_ALGORITHMS[type].params) {
    const { value, next } = readMpi(body, at);
    params[name] = value.toHex();
    at = next;
  }
  if (at !== body.length) malformed("trailing bytes in a key packet");
  if (type === "eddsa") {
    if (params.q!.length !== 66 || !params.q!.startsWith("40")) {
      return undefined;
    }
    params.q = params.q!.slice(2);
  }
  const frame = framed(0x99, 2, body);
  return {
    part: {
      keyid: createHash("sha1").update(frame).digest("hex"),
      type,
      public: params,
      creationTime: new DataView(body.buffer, body.byteOffset + 1, 4)
        .getUint32(0),
    },
    framed: frame,
  };
}

async function verifySelf(
  primary: GpgKeyPart,
  signature: SignaturePacket,
  ...signed: Uint8Array[]
): Promise<boolean> {
  if (
    !SELF_SIGNATURE_HASHES.has(signature.hash) ||
    signature.algorithm !== GPG_ALGORITHMS[primary.type].id
  ) {
    return false;
  }
  const message = new Uint8Array(
    [...signed, signatureTrailer(signature.hashed)].flatMap((part) => [
      ...part,
    ]),
  );
  return await verifyGpgValues(
    primary,
    GPG_HASHES[signature.hash]!,
    message,
    signature.values,
  );
}

/** One packet with the signatures that follow it. */
interface Component {
  packet: Packet;
  signatures: SignaturePacket[];
}

function components(packets: readonly Packet[]): Component[] {
  const result: Component[] = [];
  for (const packet of packets) {
    if (packet.tag === PACKET.signature) {
      const signature = parseSignaturePacket(packet.body);
      if (signature !== undefined && result.length > 0) {
        result[result.length - 1]!.signatures.push(signature);
      }
    } else if (
      packet.tag === PACKET.publicKey || packet.tag === PACKET.userId ||
      packet.tag === PACKET.userAttribute || packet.tag === PACKET.publicSubkey
    ) {
      result.push({ packet, signatures: [] });
    }
  }
  return result;
}

/**
 * Reads one certificate: a primary key packet and what follows it up to the
 * next primary key.
 *
 * @param packets The certificate's packets, the primary key first.
 * @returns The key, with `revoked` set on a revoked primary or subkey,
 * `validityPeriod` from the newest valid self-certification (one flagged
 * primary user ID first), and only subkeys with a valid binding.
 * @throws {IntotoError} `UNSUPPORTED` for an unsupported primary algorithm,
 * `INVALID_KEY` when malformed.
 */
export async function readCertificate(
  packets: readonly Packet[],
): Promise<GpgKey> {
  const [head, ...rest] = components(packets);
  if (head === undefined || head.packet.tag !== PACKET.publicKey) {
    return malformed("a certificate must start with a public key packet");
  }
  const primary = parseKeyPacket(head.packet.body);
  if (primary === undefined) {
    throw new IntotoError(
      "UNSUPPORTED",
      `GPG key with algorithm ${head.packet.body[5]} (version ${
        head.packet.body[0]
      }) is not supported: use an RSA, DSA or Ed25519 (legacy EdDSA) v4 key`,
    );
  }
  const key: GpgKey = { ...primary.part, subkeys: {} };
  for (const signature of head.signatures) {
    if (
      signature.type === 0x20 &&
      await verifySelf(key, signature, primary.framed)
    ) {
      key.revoked = hashedTime(signature, SUBPACKET.creationTime) ?? 0;
    }
  }
  let best:
    | { time: number; primaryUid: boolean; expiry: number | undefined }
    | undefined;
  for (const { packet, signatures } of rest) {
    if (packet.tag === PACKET.publicSubkey) {
      const subkey = parseKeyPacket(packet.body);
      if (subkey === undefined) continue;
      let binding: { time: number; expiry: number | undefined } | undefined;
      let revoked: number | undefined;
      for (const signature of signatures) {
        const kind = signature.type;
        if (kind !== 0x18 && kind !== 0x28) continue;
        if (!await verifySelf(key, signature, primary.framed, subkey.framed)) {
          continue;
        }
        const time = hashedTime(signature, SUBPACKET.creationTime) ?? 0;
        if (kind === 0x28) revoked = time;
        else if (binding === undefined || time >= binding.time) {
          binding = {
            time,
            expiry: hashedTime(signature, SUBPACKET.keyExpiration),
          };
        }
      }
      if (binding === undefined) continue;
      const part: GpgKeyPart = { ...subkey.part };
      if (binding.expiry) part.validityPeriod = binding.expiry;
      if (revoked !== undefined) part.revoked = revoked;
      key.subkeys[part.keyid] = part;
      continue;
    }
    const prefix = packet.tag === PACKET.userId ? 0xb4 : 0xd1;
    for (const signature of signatures) {
      if (signature.type < 0x10 || signature.type > 0x13) continue;
      if (
        !await verifySelf(
          key,
          signature,
          primary.framed,
          framed(prefix, 4, packet.body),
        )
      ) continue;
      const time = hashedTime(signature, SUBPACKET.creationTime) ?? 0;
      const primaryUid = signature.hashedSubpackets.some((sub) =>
        sub.type === SUBPACKET.primaryUserId && sub.data[0] === 1
      );
      if (
        best === undefined || (primaryUid && !best.primaryUid) ||
        (primaryUid === best.primaryUid && time >= best.time)
      ) {
        best = {
          time,
          primaryUid,
          expiry: hashedTime(signature, SUBPACKET.keyExpiration),
        };
      }
    }
  }
  if (best?.expiry) key.validityPeriod = best.expiry;
  return key;
}

/**
 * Reads every certificate of a packet stream (`gpg --export`, or
 * `pubring.gpg`).
 *
 * @param bytes Binary packets.
 * @returns The packets of each certificate, in order.
 * @throws {IntotoError} `INVALID_KEY` when malformed.
 */
export function splitCertificates(bytes: Uint8Array): Packet[][] {
  const result: Packet[][] = [];
  for (const packet of readPackets(bytes)) {
    if (packet.tag === PACKET.publicKey) result.push([packet]);
    else if (result.length > 0) result[result.length - 1]!.push(packet);
    else if (packet.tag !== 12) {
      malformed(`expected a public key packet first, found tag ${packet.tag}`);
    }
  }
  return result;
}
