// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The algorithms a CA may sign a certificate with, and checking such a
 * signature through `node:crypto`: RSA PKCS#1 v1.5 and RSA-PSS (salt as long
 * as the hash, MGF1 with the same hash) with SHA-256/384/512, ECDSA with
 * SHA-256/384/512 (the hash named by the algorithm, not the curve), and
 * Ed25519. SHA-1 and MD5 are refused by name; anything else is unknown.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { constants, createPublicKey, verify } from "node:crypto";
import { IntotoError } from "../../errors.ts";
import { DerReader, readSequence } from "../der.ts";
import type { KeyType, PublicKeyInfo } from "../pkcs.ts";

/** A certificate signature algorithm. */
export interface SignatureAlgorithm {
  /** Such as `sha256WithRSAEncryption`, for messages. */
  name: string;
  /** The key type that makes it. */
  key: KeyType;
  /** The `node:crypto` digest name; undefined for Ed25519. */
  hash: "sha256" | "sha384" | "sha512" | undefined;
  /** RSA-PSS (else PKCS#1 v1.5 for RSA). */
  pss?: boolean;
}

const HASHES = {
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
} as const;

const KNOWN: ReadonlyMap<string, SignatureAlgorithm> = new Map([
  ["1.2.840.113549.1.1.11", rsa("sha256")],
  ["1.2.840.113549.1.1.12", rsa("sha384")],
  ["1.2.840.113549.1.1.13", rsa("sha512")],
  ["1.2.840.10045.4.3.2", ecdsa("sha256")],
  ["1.2.840.10045.4.3.3", ecdsa("sha384")],
  ["1.2.840.10045.4.3.4", ecdsa("sha512")],
  ["1.3.101.112", { name: "Ed25519", key: "ed25519", hash: undefined }],
]);

/** Weak algorithms, refused by name. */
const WEAK: ReadonlyMap<string, string> = new Map([
  ["1.2.840.113549.1.1.5", "sha1WithRSAEncryption (SHA-1)"],
  ["1.3.14.3.2.29", "sha1WithRSASignature (SHA-1)"],
  ["1.2.840.10045.4.1", "ecdsa-with-SHA1 (SHA-1)"],
  ["1.2.840.113549.1.1.4", "md5WithRSAEncryption (MD5)"],
  ["1.2.840.113549.1.1.2", "md2WithRSAEncryption (MD2)"],
]);

const RSA_PSS = "1.2.840.113549.1.1.10";
const MGF1 = "1.2.840.113549.1.1.8";
const SHA1 = "1.3.14.3.2.26";

function rsa(hash: "sha256" | "sha384" | "sha512"): SignatureAlgorithm {
  return { name: `${hash}WithRSAEncryption`, key: "rsa", hash };
}

function ecdsa(hash: "sha256" | "sha384" | "sha512"): SignatureAlgorithm {
  return { name: `ecdsa-with-${hash.toUpperCase()}`, key: "ecdsa", hash };
}

function refuse(detail: string): never {
  throw new IntotoError("INVALID_KEY", detail);
}

/** Reads an AlgorithmIdentifier's hash OID and requires absent or NULL parameters. */
function hashOf(reader: DerReader): string {
  const identifier = reader.sequence();
  const oid = identifier.oid();
  if (!identifier.done) identifier.null();
  identifier.end();
  return oid;
}

function pssAlgorithm(parameters: DerReader): SignatureAlgorithm {
  const params = parameters.sequence();
  parameters.end();
  const explicit = (tag: number) =>
    params.peekTag() === tag
      ? new DerReader(params.expect(tag, "PSS parameter"))
      : undefined;
  const hashField = explicit(0xa0);
  const hashOid = hashField ? hashOf(hashField) : SHA1;
  const mgfField = explicit(0xa1);
  let mgfHash = SHA1;
  if (mgfField) {
    const mgf = mgfField.sequence();
    if (mgf.oid() !== MGF1) {
      refuse("RSA-PSS with a mask function other than MGF1");
    }
    mgfHash = hashOf(mgf);
    mgf.end();
  }
  const saltField = explicit(0xa2);
  const salt = saltField ? saltField.smallInteger() : 20;
  const trailer = explicit(0xa3);
  if (trailer && trailer.smallInteger() !== 1) refuse("RSA-PSS trailer field");
  params.end();
  if (hashOid === SHA1 || mgfHash === SHA1) {
    refuse("signature algorithm RSA-PSS with SHA-1 is not accepted");
  }
  const hash = HASHES[hashOid as keyof typeof HASHES];
  if (hash === undefined || mgfHash !== hashOid) {
    refuse(
      "RSA-PSS parameters are not SHA-256/384/512 with MGF1 of the same hash",
    );
  }
  if (salt !== Number(hash.slice(3)) / 8) {
    refuse(`RSA-PSS salt length ${salt} is not the hash's length`);
  }
  return {
    name: `RSASSA-PSS-${hash.toUpperCase()}`,
    key: "rsa",
    hash,
    pss: true,
  };
}

/**
 * Reads a certificate's signature AlgorithmIdentifier.
 *
 * @param der Its encoding.
 * @returns The algorithm.
 * @throws {IntotoError} `INVALID_KEY` for SHA-1, MD5 and unknown
 * algorithms, and malformed parameters.
 */
export function parseSignatureAlgorithm(der: Uint8Array): SignatureAlgorithm {
  const reader = readSequence(der);
  const oid = reader.oid();
  const weak = WEAK.get(oid);
  if (weak !== undefined) {
    refuse(`signature algorithm ${weak} is not accepted`);
  }
  if (oid === RSA_PSS) return pssAlgorithm(reader);
  const known = KNOWN.get(oid);
  if (known === undefined) refuse(`unsupported signature algorithm ${oid}`);
  // RSA algorithms carry NULL parameters; ECDSA and Ed25519 none.
  if (known.key === "rsa" && !reader.done) reader.null();
  reader.end();
  return known;
}

/**
 * Checks a CA's signature over a certificate's signed part.
 *
 * @param algorithm The certificate's signature algorithm.
 * @param signed The TBSCertificate encoding.
 * @param signature The signature.
 * @param issuerKey The CA's public key.
 * @returns Whether it verifies (false also when the key is of another type).
 */
export function verifyCertificateSignature(
  algorithm: SignatureAlgorithm,
  signed: Uint8Array,
  signature: Uint8Array,
  issuerKey: PublicKeyInfo,
): boolean {
  if (issuerKey.type !== algorithm.key) return false;
  const key = createPublicKey({
    key: Buffer.from(issuerKey.spki),
    format: "der",
    type: "spki",
  });
  const options = algorithm.pss
    ? {
      key,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
    }
    : { key };
  try {
    return verify(algorithm.hash ?? null, signed, options, signature);
  } catch {
    return false;
  }
}
