// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Signing and verifying with the schemes securesystemslib defines: this
 * module maps a key's type to its kind (`rsa.ts`, `ecdsa.ts`, `ed25519.ts`,
 * each implementing `KeyKind`), checks the scheme against the key, and keeps
 * the prepared verifiers of recently used keys.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { IntotoError } from "../errors.ts";
import { ecdsa } from "./ecdsa.ts";
import { ed25519 } from "./ed25519.ts";
import type { PublicKey, Signer } from "./key.ts";
import type { KeyKind, Verifier } from "./key_kind.ts";
import { decodePem } from "./pem.ts";
import {
  ed25519Public,
  type KeyType,
  parseSpki,
  type PrivateKeyInfo,
  type PublicKeyInfo,
} from "./pkcs.ts";
import { rsa } from "./rsa.ts";
import { resolveScheme, type SchemeInfo } from "./scheme.ts";

/** Each key type's implementation. */
const KINDS: Readonly<Record<KeyType, KeyKind>> = { rsa, ecdsa, ed25519 };

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

async function prepareVerifier(key: PublicKey): Promise<Verifier> {
  const { info, scheme } = parsePublicMaterial(key);
  return await KINDS[info.type].verifier(info, scheme);
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
    return await verifier.verify(signature, data);
  } catch {
    return false;
  }
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
  const signBytes = await KINDS[info.type].signer(privateKey, scheme);
  return { publicKey, sign: signBytes };
}
