// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The interface every kind of key implements: how to check its signatures
 * and how to make them. `signature.ts` maps a key's type to its kind.
 *
 * @module
 */

import type { PrivateKeyInfo, PublicKeyInfo } from "./pkcs.ts";
import type { SchemeInfo } from "./scheme.ts";

/** A public key ready to check signatures made with one scheme. */
export interface Verifier {
  /**
   * Checks a signature.
   *
   * @param signature The raw signature, as the scheme encodes it.
   * @param data The signed bytes.
   * @returns Whether it is valid; false for any malformed signature.
   */
  verify(signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

/** Signs bytes with a private key and one scheme. */
export type SignBytes = (data: Uint8Array) => Promise<Uint8Array>;

/** One kind of key (RSA, ECDSA, Ed25519). */
export interface KeyKind {
  /**
   * Prepares a public key for verifying.
   *
   * @param info The parsed public key.
   * @param scheme The scheme, already checked against the key.
   * @returns The verifier.
   */
  verifier(info: PublicKeyInfo, scheme: SchemeInfo): Promise<Verifier>;
  /**
   * Prepares a private key for signing.
   *
   * @param privateKey The parsed private key.
   * @param scheme The scheme, already checked against the key.
   * @returns The signing function.
   */
  signer(privateKey: PrivateKeyInfo, scheme: SchemeInfo): Promise<SignBytes>;
}
