// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Signing and verifying with the schemes securesystemslib defines.
 *
 * - RSA (`rsassa-pss-sha*`, `rsa-pkcs1v15-sha*`, SHA-224 to SHA-512) through
 *   `node:crypto`: PSS signs with a salt as long as the digest (as
 *   securesystemslib does) and verifies with any salt length, like the
 *   reference's `PSS.AUTO` (so signatures from signers that use the maximum
 *   salt, such as Go's `PSSSaltLengthAuto`, verify too). Keys under 2048 bits
 *   are refused.
 * - ECDSA (`ecdsa-sha2-nistp256/384/521`) through Web Crypto. Signatures are
 *   DER, parsed strictly: minimal encoding, no trailing bytes, 0 < r, s < n.
 *   Both s and n - s verify, as in the reference; callers never count or
 *   deduplicate signatures by their bytes.
 * - Ed25519 signs through Web Crypto and verifies with @noble/curves in
 *   strict RFC 8032 mode (S ≥ L and non-canonical points are rejected),
 *   its SHA-512 of the message computed natively by `node:crypto`; see
 *   `_ed25519_verify.ts`.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import {
  constants,
  createPrivateKey,
  createPublicKey,
  sign,
  verify,
} from "node:crypto";
import type { KeyObject } from "node:crypto";
import { IntotoError } from "../errors.ts";
import {
  DerReader,
  encodeInteger,
  encodeSequence,
  readSequence,
} from "./der.ts";
import type { PublicKey, Signer } from "./key.ts";
import { decodePem } from "./pem.ts";
import {
  curveOrder,
  curveSize,
  ed25519Public,
  parseSpki,
  type PrivateKeyInfo,
  type PublicKeyInfo,
} from "./pkcs.ts";
import { resolveScheme, type SchemeInfo } from "./scheme.ts";

/** A public key ready to verify. */
interface Verifier {
  info: PublicKeyInfo;
  scheme: SchemeInfo;
  check(signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

const CACHE_LIMIT = 256;
const cache = new Map<string, Verifier>();

/**
 * Parses the public material of a key object.
 *
 * @param key The key object.
 * @returns The parsed key, with the scheme checked against it.
 * @throws {IntotoError} `INVALID_KEY` when the material or scheme is unusable.
 */
export function parsePublicMaterial(
  key: Pick<PublicKey, "keytype" | "scheme" | "keyval">,
): { info: PublicKeyInfo; scheme: SchemeInfo } {
  const material = key.keyval.public;
  let info: PublicKeyInfo;
  if (key.keytype === "ed25519") {
    if (!/^[0-9a-f]{64}$/.test(material)) {
      throw new IntotoError(
        "INVALID_KEY",
        "ed25519 public key must be 64 lowercase hex characters",
      );
    }
    info = ed25519Public(hexToBytes(material));
  } else {
    const block = decodePem(material);
    if (block.label !== "PUBLIC KEY") {
      throw new IntotoError(
        "INVALID_KEY",
        `expected a "PUBLIC KEY" PEM, found "${block.label}"`,
      );
    }
    info = parseSpki(block.der);
  }
  return { info, scheme: resolveScheme(key.scheme, key.keytype, info) };
}

function hashName(scheme: SchemeInfo): string {
  return scheme.hash.toLowerCase().replace("-", "");
}

function rsaOptions(scheme: SchemeInfo, key: KeyObject, verifying: boolean) {
  if (scheme.padding === "pkcs1v15") return { key };
  return {
    key,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: verifying
      ? constants.RSA_PSS_SALTLEN_AUTO
      : constants.RSA_PSS_SALTLEN_DIGEST,
  };
}

async function prepareVerifier(key: PublicKey): Promise<Verifier> {
  const { info, scheme } = parsePublicMaterial(key);
  if (info.type === "rsa") {
    const object = createPublicKey({
      key: Buffer.from(info.spki),
      format: "der",
      type: "spki",
    });
    const size = Math.ceil(info.rsaBits! / 8);
    return {
      info,
      scheme,
      check: (signature, data) =>
        Promise.resolve(
          signature.length === size &&
            verify(
              hashName(scheme),
              data,
              rsaOptions(scheme, object, true),
              signature,
            ),
        ),
    };
  }
  if (info.type === "ecdsa") {
    const cryptoKey = await crypto.subtle.importKey(
      "spki",
      info.spki as Uint8Array<ArrayBuffer>,
      { name: "ECDSA", namedCurve: info.curve! },
      false,
      ["verify"],
    );
    return {
      info,
      scheme,
      check: async (signature, data) => {
        const raw = ecdsaDerToRaw(signature, info.curve!);
        if (!raw) return false;
        return await crypto.subtle.verify(
          { name: "ECDSA", hash: scheme.hash },
          cryptoKey,
          raw as Uint8Array<ArrayBuffer>,
          data as Uint8Array<ArrayBuffer>,
        );
      },
    };
  }
  const raw = info.raw!;
  const { verifyEd25519 } = await import("./_ed25519_verify.ts");
  return {
    info,
    scheme,
    check: (signature, data) =>
      Promise.resolve(verifyEd25519(signature, data, raw)),
  };
}

/**
 * Verifies a signature made with `key`'s scheme.
 *
 * @param key The public key (its keyid is not consulted).
 * @param signature The raw signature (DER for ECDSA).
 * @param data The signed bytes.
 * @returns True when valid; false for any wrong or malformed signature.
 * @throws {IntotoError} `INVALID_KEY` when the key itself is unusable (bad
 * material, unknown scheme, RSA under 2048 bits).
 */
export async function verifySignature(
  key: PublicKey,
  signature: Uint8Array,
  data: Uint8Array,
): Promise<boolean> {
  const id = `${key.keytype}\n${key.scheme}\n${key.keyval.public}`;
  let verifier = cache.get(id);
  if (!verifier) {
    verifier = await prepareVerifier(key);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(id, verifier);
  }
  try {
    return await verifier.check(signature, data);
  } catch {
    return false;
  }
}

/**
 * Turns a DER ECDSA signature into Web Crypto's r‖s form, strictly.
 *
 * @param der The signature.
 * @param curve Its curve.
 * @returns r‖s, or undefined when the DER is malformed or r, s are out of
 * range.
 */
export function ecdsaDerToRaw(
  der: Uint8Array,
  curve: PublicKeyInfo["curve"] & string,
): Uint8Array | undefined {
  let r: bigint;
  let s: bigint;
  try {
    const reader: DerReader = readSequence(der);
    r = reader.integer();
    s = reader.integer();
    reader.end();
  } catch {
    return undefined;
  }
  const n = curveOrder(curve);
  if (r <= 0n || s <= 0n || r >= n || s >= n) return undefined;
  const size = curveSize(curve);
  const raw = new Uint8Array(2 * size);
  raw.set(bigintBytes(r, size), 0);
  raw.set(bigintBytes(s, size), size);
  return raw;
}

/**
 * Turns Web Crypto's r‖s ECDSA signature into DER.
 *
 * @param raw r‖s.
 * @returns The DER encoding.
 */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  const half = raw.length / 2;
  return encodeSequence(
    encodeInteger(raw.subarray(0, half)),
    encodeInteger(raw.subarray(half)),
  );
}

function bigintBytes(value: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let rest = value;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/**
 * Decodes lowercase or uppercase hex.
 *
 * @param hex Even-length hex.
 * @returns The bytes.
 */
export function hexToBytes(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, "hex"));
}

/**
 * Makes a signer from a private key and the public key object it signs as.
 *
 * @param privateKey The parsed private key.
 * @param publicKey The key object (keyid, scheme) to label signatures with.
 * @returns The signer.
 * @throws {IntotoError} `INVALID_KEY` when the scheme does not fit the key.
 */
export async function createSigner(
  privateKey: PrivateKeyInfo,
  publicKey: PublicKey,
): Promise<Signer> {
  const info = privateKey.publicKey;
  const scheme = resolveScheme(publicKey.scheme, publicKey.keytype, info);
  let signBytes: (data: Uint8Array) => Promise<Uint8Array>;
  if (info.type === "rsa") {
    const object = createPrivateKey({
      key: Buffer.from(privateKey.pkcs8),
      format: "der",
      type: "pkcs8",
    });
    signBytes = (data) =>
      Promise.resolve(
        new Uint8Array(
          sign(hashName(scheme), data, rsaOptions(scheme, object, false)),
        ),
      );
  } else {
    const algorithm = info.type === "ecdsa"
      ? { name: "ECDSA", namedCurve: info.curve! }
      : { name: "Ed25519" };
    const cryptoKey = await crypto.subtle.importKey(
      "pkcs8",
      privateKey.pkcs8 as Uint8Array<ArrayBuffer>,
      algorithm,
      false,
      ["sign"],
    );
    const params = info.type === "ecdsa"
      ? { name: "ECDSA", hash: scheme.hash }
      : { name: "Ed25519" };
    signBytes = async (data) => {
      const raw = new Uint8Array(
        await crypto.subtle.sign(
          params,
          cryptoKey,
          data as Uint8Array<ArrayBuffer>,
        ),
      );
      return info.type === "ecdsa" ? ecdsaRawToDer(raw) : raw;
    };
  }
  return { publicKey, sign: signBytes };
}
