// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The shapes of keys as in-toto writes them: the public key object found in
 * layouts (`layout.keys`) and a signer that holds a private key.
 *
 * @module
 */

import type { GpgKey } from "./gpg/key.ts";
import type { GpgSignature } from "./gpg/verify.ts";

/**
 * A public key as in-toto metadata carries it. `keyval.public` is SPKI PEM
 * for `rsa` and `ecdsa`, 64 hex characters for `ed25519`.
 */
export interface PublicKey {
  /** sha256 of the canonical key object, in one of two flavours. */
  keyid: string;
  /** `rsa`, `ecdsa`, `ed25519` (legacy ECDSA files may repeat the scheme). */
  keytype: string;
  /** `rsassa-pss-sha256`, `ecdsa-sha2-nistp256`, `ed25519`, ... */
  scheme: string;
  /** The public material. */
  keyval: { public: string };
  /** Present on legacy keys (in-toto 1.3.1, in-toto-golang). */
  keyid_hash_algorithms?: string[];
  /** A GPG key (`crypto/gpg/`): its dict form parsed, subkeys included. */
  gpg?: GpgKey;
}

/**
 * How a keyid is computed:
 * - `legacy`: over `{keyid_hash_algorithms, keytype, keyval, scheme}` with
 *   the PEM's trailing newline stripped (in-toto 1.3.1 `-k`, in-toto-golang);
 * - `modern`: over `{keytype, keyval, scheme}` with the PEM as written
 *   (in-toto 3 `--signing-key` and `--verification-keys`).
 */
export type KeyidFlavour = "legacy" | "modern";

/** Something that signs bytes with a private key. */
export interface Signer {
  /** The matching public key, with the keyid signatures are labelled with. */
  readonly publicKey: PublicKey;
  /**
   * Signs `data` with the key's scheme.
   *
   * @param data The bytes to sign.
   * @returns The raw signature: DER for ECDSA, 64 bytes for Ed25519.
   */
  sign(data: Uint8Array): Promise<Uint8Array>;
  /**
   * GPG signers only (`crypto/gpg/sign.ts`): signs `data` and returns the
   * whole GPG signature, whose keyid may be a subkey's.
   */
  signGpg?(data: Uint8Array): Promise<GpgSignature>;
  /**
   * ITE-7: the PEM certificate of the key (then any intermediates), which
   * signatures carry in their `cert` field (`crypto/x509/signer.ts`).
   */
  readonly certificate?: string;
}
