// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Key pair generation: PKCS#8 PEM private keys (PBES2-encrypted with a
 * password) and SPKI PEM public keys, the formats in-toto 3 reads.
 *
 * @module
 */

import { generateKeyPair as generateNodeKeyPair } from "node:crypto";
import { IntotoError } from "../errors.ts";
import { encryptPkcs8 } from "./encryption.ts";
import { encodePem } from "./pem.ts";
import { type KeyType, MIN_RSA_BITS, parsePkcs8 } from "./pkcs.ts";

/** The default RSA modulus size, as in-toto-keygen. */
export const DEFAULT_RSA_BITS = 3072;

/** The largest RSA modulus generated. */
export const MAX_RSA_BITS = 16384;

/** Options for {@linkcode generateKeyPair}. */
export interface GenerateKeyPairOptions {
  /** RSA modulus size; default 3072, at least 2048. */
  bits?: number;
  /** Encrypt the private key with this password (PBES2, AES-256-CBC). */
  password?: string;
}

/** A generated key pair as PEM text. */
export interface KeyPairPem {
  /** PKCS#8 (`PRIVATE KEY` or `ENCRYPTED PRIVATE KEY`). */
  privatePem: string;
  /** SPKI (`PUBLIC KEY`). */
  publicPem: string;
}

/**
 * Generates a key pair: Ed25519, ECDSA on P-256, or RSA.
 *
 * @param type `ed25519`, `ecdsa` or `rsa`.
 * @param options RSA size, password.
 * @returns The private and public key as PEM.
 * @throws {IntotoError} `USAGE` for an RSA size out of range or an empty
 * password.
 *
 * @example Usage
 * ```ts
 * import { generateKeyPair } from "./keygen.ts";
 * import assert from "node:assert/strict";
 * const pair = await generateKeyPair("ed25519");
 * assert.match(pair.privatePem, /^-----BEGIN PRIVATE KEY-----\n/);
 * assert.match(pair.publicPem, /^-----BEGIN PUBLIC KEY-----\n/);
 * ```
 */
export async function generateKeyPair(
  type: KeyType,
  options: GenerateKeyPairOptions = {},
): Promise<KeyPairPem> {
  const bits = options.bits ?? DEFAULT_RSA_BITS;
  if (
    type === "rsa" &&
    (!Number.isInteger(bits) || bits < MIN_RSA_BITS || bits > MAX_RSA_BITS)
  ) {
    throw new IntotoError(
      "USAGE",
      `Cannot generate an RSA key of ${bits} bits: use ${MIN_RSA_BITS} to ${MAX_RSA_BITS}`,
    );
  }
  if (options.password === "") {
    throw new IntotoError(
      "USAGE",
      "Cannot encrypt a key with an empty password",
    );
  }
  const pkcs8 = await generatePkcs8(type, bits);
  const parsed = parsePkcs8(pkcs8);
  const publicPem = encodePem("PUBLIC KEY", parsed.publicKey.spki);
  const privatePem = options.password === undefined
    ? encodePem("PRIVATE KEY", parsed.pkcs8)
    : encodePem(
      "ENCRYPTED PRIVATE KEY",
      await encryptPkcs8(parsed.pkcs8, options.password),
    );
  return { privatePem, publicPem };
}

function generatePkcs8(type: KeyType, bits: number): Promise<Uint8Array> {
  const encoding = {
    publicKeyEncoding: { type: "spki", format: "der" },
    privateKeyEncoding: { type: "pkcs8", format: "der" },
  } as const;
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, _: Uint8Array, privateKey: Uint8Array) =>
      error ? reject(error) : resolve(new Uint8Array(privateKey));
    if (type === "rsa") {
      generateNodeKeyPair(
        "rsa",
        { modulusLength: bits, publicExponent: 65537, ...encoding },
        done,
      );
    } else if (type === "ecdsa") {
      generateNodeKeyPair("ec", { namedCurve: "P-256", ...encoding }, done);
    } else {
      generateNodeKeyPair("ed25519", encoding, done);
    }
  });
}
