// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The three OpenPGP signature algorithms the reference supports, over a
 * message and a hash: RSA PKCS#1 v1.5 (`node:crypto`), DSA (BigInt, as no
 * platform API has it) and legacy EdDSA over Ed25519 (@noble/curves, strict
 * RFC 8032), which signs the message's digest rather than the message.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { createHash, createPublicKey, verify } from "node:crypto";
import type { GpgKeyPart } from "./key.ts";

/** OpenPGP hash algorithm numbers and their `node:crypto` names. */
export const GPG_HASHES: Readonly<Record<number, string>> = {
  1: "md5",
  2: "sha1",
  8: "sha256",
  9: "sha384",
  10: "sha512",
  11: "sha224",
};

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toHex()}`);
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  base %= modulus;
  while (exponent > 0n) {
    if (exponent & 1n) result = (result * base) % modulus;
    base = (base * base) % modulus;
    exponent >>= 1n;
  }
  return result;
}

function verifyDsa(
  params: Record<string, string>,
  digest: Uint8Array,
  r: bigint,
  s: bigint,
): boolean {
  const p = BigInt(`0x${params.p}`);
  const q = BigInt(`0x${params.q}`);
  const g = BigInt(`0x${params.g}`);
  const y = BigInt(`0x${params.y}`);
  if (r <= 0n || r >= q || s <= 0n || s >= q) return false;
  const qBits = q.toString(2).length;
  let h = toBigInt(digest);
  const digestBits = digest.length * 8;
  if (digestBits > qBits) h >>= BigInt(digestBits - qBits);
  const w = modPow(s, q - 2n, q); // q is prime
  const u1 = (h * w) % q;
  const u2 = (r * w) % q;
  const v = ((modPow(g, u1, p) * modPow(y, u2, p)) % p) % q;
  return v === r;
}

function jwk(hex: string): string {
  return Buffer.from(hex, "hex").toString("base64url");
}

/**
 * Verifies an OpenPGP signature's values over a message.
 *
 * @param part The key that signed.
 * @param hash The `node:crypto` hash name.
 * @param message The hashed bytes (data, hashed area and trailer).
 * @param values The signature's MPIs: [s] for RSA, [r, s] for DSA and EdDSA.
 * @returns Whether the signature is valid; false for malformed values.
 */
export async function verifyGpgValues(
  part: GpgKeyPart,
  hash: string,
  message: Uint8Array,
  values: readonly Uint8Array[],
): Promise<boolean> {
  try {
    if (part.type === "rsa") {
      if (values.length !== 1) return false;
      const n = part.public.n!;
      const length = n.length / 2;
      const s = values[0]!;
      if (s.length > length) return false;
      const padded = new Uint8Array(length);
      padded.set(s, length - s.length);
      const key = createPublicKey({
        key: { kty: "RSA", n: jwk(n), e: jwk(part.public.e!) },
        format: "jwk",
      });
      return verify(hash, message, key, padded);
    }
    if (values.length !== 2) return false;
    const digest = new Uint8Array(createHash(hash).update(message).digest());
    if (part.type === "dsa") {
      return verifyDsa(
        part.public,
        digest,
        toBigInt(values[0]!),
        toBigInt(values[1]!),
      );
    }
    if (values.some((value) => value.length > 32)) return false;
    const signature = new Uint8Array(64);
    signature.set(values[0]!, 32 - values[0]!.length);
    signature.set(values[1]!, 64 - values[1]!.length);
    const { verifyEd25519 } = await import("../_ed25519_verify.ts");
    return verifyEd25519(signature, digest, Uint8Array.fromHex(part.public.q!));
  } catch {
    return false;
  }
}
