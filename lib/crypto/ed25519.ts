// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Ed25519 signatures: signed through Web Crypto, verified with
 * @noble/curves in strict RFC 8032 mode (S ≥ L and non-canonical points are
 * rejected), loaded on first use; see `_ed25519_verify.ts`.
 *
 * @module
 */

import type { KeyKind } from "./key_kind.ts";

/** Ed25519 keys. */
export const ed25519: KeyKind = {
  async verifier(info) {
    const raw = info.raw!;
    const { verifyEd25519 } = await import("./_ed25519_verify.ts");
    return {
      verify: (signature, data) =>
        Promise.resolve(verifyEd25519(signature, data, raw)),
    };
  },
  async signer(privateKey) {
    const key = await crypto.subtle.importKey(
      "pkcs8",
      privateKey.pkcs8 as Uint8Array<ArrayBuffer>,
      { name: "Ed25519" },
      false,
      ["sign"],
    );
    return async (data) =>
      new Uint8Array(
        await crypto.subtle.sign(
          { name: "Ed25519" },
          key,
          data as Uint8Array<ArrayBuffer>,
        ),
      );
  },
};
