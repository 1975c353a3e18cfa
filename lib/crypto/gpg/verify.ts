// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Verifies the reference's GPG signatures (`keyid`, `other_headers`,
 * `signature`) over the signed bytes, in-process. The signature's keyid
 * picks the primary key or one of its subkeys; the digest is SHA-256 of the
 * bytes, `other_headers` and the v4 trailer, as the reference computes it.
 * Stricter than the reference: a signature naming SHA-1 or MD5 is refused, a
 * revoked key fails, and an expired primary key fails for its subkeys too.
 *
 * @module
 */

import { IntotoError } from "../../errors.ts";
import { GPG_HASHES, verifyGpgValues } from "./algorithm.ts";
import { DerReader, readSequence } from "../der.ts";
import { GPG_ALGORITHMS, type GpgKey, type GpgKeyPart } from "./key.ts";

/** A GPG signature as the reference writes it in a metablock. */
export interface GpgSignature {
  /** The fingerprint of the key that signed (primary or subkey). */
  keyid: string;
  /** The signature packet from its version octet to its hashed area. */
  otherHeaders: Uint8Array;
  /** RSA: s; DSA: DER `SEQUENCE{r, s}`; EdDSA: R ‖ S, 32 bytes each. */
  signature: Uint8Array;
}

/**
 * The bytes an OpenPGP v4 signature hashes after the data: its hashed part
 * and the trailer `04 FF ‖ u32 length`.
 *
 * @param hashed The signature packet from its version to its hashed area.
 * @returns `hashed ‖ 04 FF ‖ u32be(hashed.length)`.
 */
export function signatureTrailer(hashed: Uint8Array): Uint8Array {
  const out = new Uint8Array(hashed.length + 6);
  out.set(hashed);
  out[hashed.length] = 4;
  out[hashed.length + 1] = 0xff;
  new DataView(out.buffer).setUint32(hashed.length + 2, hashed.length);
  return out;
}

/**
 * The date of a time in seconds, for messages.
 *
 * @param seconds Seconds since the epoch.
 * @returns An ISO 8601 UTC date and time.
 */
export function gpgDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.000Z$/, "Z");
}

/**
 * Fails when a key part is revoked or has expired.
 *
 * @param part The key part.
 * @param now The current time in seconds.
 * @param what How to name it: `GPG key "…"` or `GPG subkey "…"`.
 * @throws {IntotoError} `SIGNATURE_INVALID` naming the date.
 */
export function checkKeyUsable(
  part: GpgKeyPart,
  now: number,
  what: string,
): void {
  if (part.revoked !== undefined) {
    throw new IntotoError(
      "SIGNATURE_INVALID",
      `${what} was revoked on ${gpgDate(part.revoked)}`,
    );
  }
  if (part.creationTime !== undefined && part.validityPeriod !== undefined) {
    const end = part.creationTime + part.validityPeriod;
    if (end < now) {
      throw new IntotoError(
        "SIGNATURE_INVALID",
        `${what} expired on ${gpgDate(end)}`,
      );
    }
  }
}

function signatureValues(
  type: GpgKeyPart["type"],
  signature: Uint8Array,
): Uint8Array[] | undefined {
  if (type === "rsa") return [signature];
  if (type === "eddsa") {
    return signature.length === 64
      ? [signature.subarray(0, 32), signature.subarray(32)]
      : undefined;
  }
  try {
    const reader: DerReader = readSequence(signature);
    const r = reader.unsignedInteger();
    const s = reader.unsignedInteger();
    reader.end();
    return [r, s];
  } catch {
    return undefined;
  }
}

/**
 * Verifies a GPG signature over `data` with `key` or one of its subkeys,
 * chosen by the signature's keyid. Only SHA-256 signatures verify (the
 * reference always hashes with SHA-256); a valid signature by a revoked or
 * expired key (or a subkey of an expired or revoked primary) throws.
 *
 * @param key The primary key with its subkeys.
 * @param signature The signature.
 * @param data The signed bytes (canonical JSON of `signed`).
 * @param now The current time in seconds (default: the clock).
 * @returns True when valid; false when the keyid is not this key's or the
 * signature is wrong or malformed.
 * @throws {IntotoError} `SIGNATURE_INVALID` for a SHA-1 or MD5 signature, or
 * a valid one by a revoked or expired key, naming the date.
 */
export async function verifyGpgSignature(
  key: GpgKey,
  signature: GpgSignature,
  data: Uint8Array,
  now: number = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  const isPrimary = signature.keyid === key.keyid;
  const part = isPrimary
    ? key
    : Object.hasOwn(key.subkeys, signature.keyid)
    ? key.subkeys[signature.keyid]!
    : undefined;
  if (part === undefined) return false;
  const headers = signature.otherHeaders;
  if (
    headers.length < 6 || headers[0] !== 4 || headers[1] !== 0 ||
    headers[2] !== GPG_ALGORITHMS[part.type].id ||
    ((headers[4]! << 8) | headers[5]!) !== headers.length - 6
  ) {
    return false;
  }
  const hash = headers[3]!;
  if (hash === 1 || hash === 2) {
    throw new IntotoError(
      "SIGNATURE_INVALID",
      `The GPG signature by key "${signature.keyid}" uses ${
        GPG_HASHES[hash]!.toUpperCase()
      }, which is refused: sign with SHA-256 (gpg --digest-algo SHA256)`,
    );
  }
  if (hash !== 8) return false;
  const values = signatureValues(part.type, signature.signature);
  if (values === undefined) return false;
  const message = new Uint8Array(data.length + headers.length + 6);
  message.set(data);
  message.set(signatureTrailer(headers), data.length);
  if (!await verifyGpgValues(part, "sha256", message, values)) return false;
  checkKeyUsable(key, now, `GPG key "${key.keyid}"`);
  if (!isPrimary) checkKeyUsable(part, now, `GPG subkey "${part.keyid}"`);
  return true;
}
