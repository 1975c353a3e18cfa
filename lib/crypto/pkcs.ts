// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Key structures in DER: SubjectPublicKeyInfo (SPKI), PKCS#8, PKCS#1 RSA and
 * SEC1 EC. Parsing checks the key itself (RSA modulus size, EC points on the
 * curve, Ed25519 points decodable) and normalises private keys to a plain
 * PKCS#8 that Web Crypto imports.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { createPrivateKey, createPublicKey } from "node:crypto";
import { IntotoError } from "../errors.ts";
import {
  DER_NULL,
  DerReader,
  encodeDer,
  encodeInteger,
  encodeOid,
  encodeSequence,
  readSequence,
  TAG,
} from "./der.ts";

/** The key types in-toto knows. */
export type KeyType = "rsa" | "ecdsa" | "ed25519";

/** The NIST curves ECDSA keys may use, in Web Crypto's names. */
export type Curve = "P-256" | "P-384" | "P-521";

/** The smallest RSA modulus accepted, in bits (in-toto spec). */
export const MIN_RSA_BITS = 2048;

/** A parsed public key. */
export interface PublicKeyInfo {
  /** Key type. */
  type: KeyType;
  /** The key as DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** The curve of an ECDSA key. */
  curve?: Curve;
  /** The modulus size of an RSA key. */
  rsaBits?: number;
  /** The 32 raw bytes of an Ed25519 key. */
  raw?: Uint8Array;
}

/** A parsed private key with its public half. */
export interface PrivateKeyInfo {
  /** The key as a plain DER PKCS#8 PrivateKeyInfo (version 0). */
  pkcs8: Uint8Array;
  /** The matching public key. */
  publicKey: PublicKeyInfo;
}

const OID = {
  rsa: "1.2.840.113549.1.1.1",
  ecPublicKey: "1.2.840.10045.2.1",
  ed25519: "1.3.101.112",
} as const;

/** Each curve's OID, scalar size and base point order (SEC 2). */
const CURVES: Record<Curve, { oid: string; size: number; order: bigint }> = {
  "P-256": {
    oid: "1.2.840.10045.3.1.7",
    size: 32,
    order: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
  },
  "P-384": {
    oid: "1.3.132.0.34",
    size: 48,
    order:
      0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
  },
  "P-521": {
    oid: "1.3.132.0.35",
    size: 66,
    order:
      0x1fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
  },
};

/** The Ed25519 field prime, 2^255 - 19. */
const ED25519_P = 2n ** 255n - 19n;

/**
 * The order `n` of a curve's base point.
 *
 * @param curve The curve.
 * @returns n.
 */
export function curveOrder(curve: Curve): bigint {
  return CURVES[curve].order;
}

/**
 * The byte size of a curve's scalars.
 *
 * @param curve The curve.
 * @returns 32, 48 or 66.
 */
export function curveSize(curve: Curve): number {
  return CURVES[curve].size;
}

function invalid(detail: string): never {
  throw new IntotoError("INVALID_KEY", detail);
}

function curveFromOid(oid: string): Curve {
  for (const [name, curve] of Object.entries(CURVES)) {
    if (curve.oid === oid) return name as Curve;
  }
  invalid(`unsupported elliptic curve "${oid}": use P-256, P-384 or P-521`);
}

function bitLength(magnitude: Uint8Array): number {
  const first = magnitude[0] ?? 0;
  return magnitude.length * 8 - Math.clz32(first) + 24;
}

function rsaSpki(n: Uint8Array, e: Uint8Array): PublicKeyInfo {
  const bits = n.length === 0 ? 0 : bitLength(n);
  if (bits < MIN_RSA_BITS) {
    invalid(
      `RSA key of ${bits} bits is too small: at least ${MIN_RSA_BITS} bits are required`,
    );
  }
  const exponent = e.reduce((value, byte) => value * 256 + byte, 0);
  if (e.length > 4 || exponent < 3 || exponent % 2 === 0) {
    invalid("RSA public exponent is not supported");
  }
  const body = encodeSequence(encodeInteger(n), encodeInteger(e));
  const spki = encodeSequence(
    encodeSequence(encodeOid(OID.rsa), DER_NULL),
    encodeDer(TAG.bitString, new Uint8Array(1), body),
  );
  return { type: "rsa", spki, rsaBits: bits };
}

function ecSpki(curve: Curve, point: Uint8Array): PublicKeyInfo {
  const { size, oid } = CURVES[curve];
  if (point.length !== 1 + 2 * size || point[0] !== 4) {
    invalid(`${curve} public key is not an uncompressed point`);
  }
  const spki = encodeSequence(
    encodeSequence(encodeOid(OID.ecPublicKey), encodeOid(oid)),
    encodeDer(TAG.bitString, new Uint8Array(1), point),
  );
  // node:crypto refuses a point that is not on the curve.
  if (!isNodePublicKey(spki)) {
    invalid(`${curve} public key is not a point on the curve`);
  }
  return { type: "ecdsa", spki, curve };
}

/** Whether node:crypto accepts a DER SubjectPublicKeyInfo. */
function isNodePublicKey(spki: Uint8Array): boolean {
  try {
    createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
    return true;
  } catch {
    return false;
  }
}

/** A little-endian unsigned integer. */
function littleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) {
    value = (value << 8n) | BigInt(bytes[i]!);
  }
  return value;
}

/**
 * Whether 32 bytes decode to an Ed25519 point under RFC 8032 5.1.3: y
 * below p, x recoverable from y (node:crypto decodes the point), and no
 * sign bit on x = 0 (y = 1 or y = p - 1).
 */
function isEd25519Point(raw: Uint8Array, spki: Uint8Array): boolean {
  const sign = raw[31]! >> 7;
  const unsigned = raw.slice();
  unsigned[31]! &= 0x7f;
  const y = littleEndian(unsigned);
  if (y >= ED25519_P) return false;
  if (sign === 1 && (y === 1n || y === ED25519_P - 1n)) return false;
  return isNodePublicKey(spki);
}

/**
 * Builds the public key of a raw Ed25519 key, checking it decodes.
 *
 * @param raw 32 bytes.
 * @returns The key.
 * @throws {IntotoError} `INVALID_KEY` for a bad length or encoding.
 */
export function ed25519Public(raw: Uint8Array): PublicKeyInfo {
  if (raw.length !== 32) invalid("Ed25519 public key must be 32 bytes");
  const spki = encodeSequence(
    encodeSequence(encodeOid(OID.ed25519)),
    encodeDer(TAG.bitString, new Uint8Array(1), raw),
  );
  if (!isEd25519Point(raw, spki)) {
    invalid("Ed25519 public key is not a valid point");
  }
  return { type: "ed25519", spki, raw };
}

/**
 * Parses a DER SubjectPublicKeyInfo (`BEGIN PUBLIC KEY`).
 *
 * @param der The encoding.
 * @returns The key.
 * @throws {IntotoError} `INVALID_KEY` when malformed, of an unsupported type,
 * or an RSA key under 2048 bits.
 */
export function parseSpki(der: Uint8Array): PublicKeyInfo {
  const spki = readSequence(der);
  const algorithm = spki.sequence();
  const oid = algorithm.oid();
  const key = spki.bitString();
  spki.end();
  switch (oid) {
    case OID.rsa: {
      algorithm.null();
      algorithm.end();
      return parseRsaPublic(key);
    }
    case OID.ecPublicKey: {
      const curve = curveFromOid(algorithm.oid());
      algorithm.end();
      return ecSpki(curve, key);
    }
    case OID.ed25519:
      algorithm.end();
      return ed25519Public(key);
    default:
      invalid(`unsupported public key algorithm "${oid}"`);
  }
}

/**
 * Parses a PKCS#1 RSAPublicKey (`BEGIN RSA PUBLIC KEY`).
 *
 * @param der The encoding.
 * @returns The key.
 * @throws {IntotoError} `INVALID_KEY` when malformed or too small.
 */
export function parseRsaPublic(der: Uint8Array): PublicKeyInfo {
  const key = readSequence(der);
  const n = key.unsignedInteger();
  const e = key.unsignedInteger();
  key.end();
  return rsaSpki(n, e);
}

/**
 * Parses a PKCS#1 RSAPrivateKey (`BEGIN RSA PRIVATE KEY`).
 *
 * @param der The encoding.
 * @returns The key, as PKCS#8 plus its public half.
 * @throws {IntotoError} `INVALID_KEY` when malformed, multi-prime or small.
 */
export function parseRsaPrivate(der: Uint8Array): PrivateKeyInfo {
  const key = readSequence(der);
  if (key.smallInteger() !== 0) {
    invalid("multi-prime RSA keys are not supported");
  }
  const n = key.unsignedInteger();
  const e = key.unsignedInteger();
  for (let i = 0; i < 6; i++) key.unsignedInteger();
  key.end();
  const publicKey = rsaSpki(n, e);
  const pkcs8 = encodeSequence(
    encodeInteger(0),
    encodeSequence(encodeOid(OID.rsa), DER_NULL),
    encodeDer(TAG.octetString, der),
  );
  return { pkcs8, publicKey };
}

/**
 * Parses a SEC1 ECPrivateKey (`BEGIN EC PRIVATE KEY`).
 *
 * @param der The encoding.
 * @param curve The curve, when the key does not name it (inside PKCS#8).
 * @returns The key, as PKCS#8 plus its public half.
 * @throws {IntotoError} `INVALID_KEY` when malformed, on an unknown curve, or
 * when its embedded public key does not match the private scalar.
 */
export function parseEcPrivate(der: Uint8Array, curve?: Curve): PrivateKeyInfo {
  const key = readSequence(der);
  if (key.smallInteger() !== 1) invalid("unsupported EC private key version");
  const scalar = key.octetString();
  let named: Curve | undefined;
  let embedded: Uint8Array | undefined;
  if (key.peekTag() === TAG.context0) {
    named = curveFromOid(new DerReader(key.expect(TAG.context0, "[0]")).oid());
  }
  if (key.peekTag() === TAG.context1) {
    const inner = new DerReader(key.expect(TAG.context1, "[1]"));
    embedded = inner.bitString();
    inner.end();
  }
  key.end();
  if (curve && named && curve !== named) {
    invalid("EC private key names two different curves");
  }
  const resolved = named ?? curve ?? invalid("EC private key has no curve");
  const { size, oid, order } = CURVES[resolved];
  if (scalar.length > size) invalid("EC private key scalar is too long");
  const padded = new Uint8Array(size);
  padded.set(scalar, size - scalar.length);
  const value = BigInt(`0x${padded.toHex()}`);
  if (value === 0n || value >= order) {
    invalid("EC private key scalar is out of range");
  }
  const algorithm = encodeSequence(
    encodeOid(OID.ecPublicKey),
    encodeOid(oid),
  );
  const point = derivedPublicKey(
    encodeSequence(
      encodeInteger(0),
      algorithm,
      encodeDer(
        TAG.octetString,
        encodeSequence(encodeInteger(1), encodeDer(TAG.octetString, padded)),
      ),
    ),
    1 + 2 * size,
  );
  if (embedded && !equalBytes(embedded, point)) {
    invalid("EC private key does not match its embedded public key");
  }
  const sec1 = encodeSequence(
    encodeInteger(1),
    encodeDer(TAG.octetString, padded),
    encodeDer(TAG.context1, encodeDer(TAG.bitString, new Uint8Array(1), point)),
  );
  const pkcs8 = encodeSequence(
    encodeInteger(0),
    algorithm,
    encodeDer(TAG.octetString, sec1),
  );
  return { pkcs8, publicKey: ecSpki(resolved, point) };
}

/**
 * The public key of a private key, computed by node:crypto: the last
 * `length` bytes of its SubjectPublicKeyInfo (the point, or the Ed25519 key).
 */
function derivedPublicKey(pkcs8: Uint8Array, length: number): Uint8Array {
  let spki: Uint8Array;
  try {
    spki = createPublicKey(
      createPrivateKey({
        key: Buffer.from(pkcs8),
        format: "der",
        type: "pkcs8",
      }),
    ).export({ format: "der", type: "spki" });
  } catch {
    invalid("private key has no usable public key");
  }
  return new Uint8Array(spki.subarray(spki.length - length));
}

/**
 * Builds a private key from a raw 32-byte Ed25519 seed.
 *
 * @param seed The seed (RFC 8032 private key).
 * @returns The key, as PKCS#8 plus its public half.
 */
export function ed25519Private(seed: Uint8Array): PrivateKeyInfo {
  if (seed.length !== 32) invalid("Ed25519 private key must be 32 bytes");
  const pkcs8 = encodeSequence(
    encodeInteger(0),
    encodeSequence(encodeOid(OID.ed25519)),
    encodeDer(TAG.octetString, encodeDer(TAG.octetString, seed)),
  );
  return { pkcs8, publicKey: ed25519Public(derivedPublicKey(pkcs8, 32)) };
}

/**
 * Parses a DER PKCS#8 PrivateKeyInfo or OneAsymmetricKey (`BEGIN PRIVATE
 * KEY`).
 *
 * @param der The encoding.
 * @returns The key, normalised, plus its public half.
 * @throws {IntotoError} `INVALID_KEY` when malformed or unsupported.
 */
export function parsePkcs8(der: Uint8Array): PrivateKeyInfo {
  const info = readSequence(der);
  const version = info.smallInteger();
  if (version !== 0 && version !== 1) invalid("unsupported PKCS#8 version");
  const algorithm = info.sequence();
  const oid = algorithm.oid();
  const key = info.octetString();
  while (!info.done) {
    const tag = info.element().tag;
    if (tag !== TAG.context0 && tag !== 0x81) {
      invalid("unexpected field in PKCS#8 key");
    }
  }
  switch (oid) {
    case OID.rsa:
      algorithm.null();
      algorithm.end();
      return parseRsaPrivate(key);
    case OID.ecPublicKey: {
      const curve = curveFromOid(algorithm.oid());
      algorithm.end();
      return parseEcPrivate(key, curve);
    }
    case OID.ed25519: {
      algorithm.end();
      const inner = new DerReader(key);
      const seed = inner.octetString();
      inner.end();
      return ed25519Private(seed);
    }
    default:
      invalid(`unsupported private key algorithm "${oid}"`);
  }
}

/**
 * Whether two byte arrays are equal.
 *
 * @param a One.
 * @param b The other.
 * @returns True when equal.
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
