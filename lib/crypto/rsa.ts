// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * RSA signatures (`rsassa-pss-sha*`, `rsa-pkcs1v15-sha*`, SHA-224 to
 * SHA-512) through `node:crypto`. PSS signs with a salt as long as the digest
 * (as securesystemslib does) and verifies with any salt length, like the
 * reference's `PSS.AUTO`, so signatures from signers that use the maximum
 * salt, such as Go's `PSSSaltLengthAuto`, verify too. Keys under 2048 bits
 * are refused when they are parsed (`pkcs.ts`).
 *
 * @module
 */

import { Buffer } from "node:buffer";
import {
  constants,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import type { KeyKind } from "./key_kind.ts";
import type { SchemeInfo } from "./scheme.ts";

function hashName(scheme: SchemeInfo): string {
  return scheme.hash.toLowerCase().replace("-", "");
}

function options(scheme: SchemeInfo, key: KeyObject, verifying: boolean) {
  if (scheme.padding === "pkcs1v15") return { key };
  return {
    key,
    padding: constants.RSA_PKCS1_PSS_PADDING,
    saltLength: verifying
      ? constants.RSA_PSS_SALTLEN_AUTO
      : constants.RSA_PSS_SALTLEN_DIGEST,
  };
}

/** RSA keys, PSS or PKCS#1 v1.5. */
export const rsa: KeyKind = {
  verifier(info, scheme) {
    const key = createPublicKey({
      key: Buffer.from(info.spki),
      format: "der",
      type: "spki",
    });
    const size = Math.ceil(info.rsaBits! / 8);
    return Promise.resolve({
      verify: (signature, data) =>
        Promise.resolve(
          signature.length === size &&
            verify(
              hashName(scheme),
              data,
              options(scheme, key, true),
              signature,
            ),
        ),
    });
  },
  signer(privateKey, scheme) {
    const key = createPrivateKey({
      key: Buffer.from(privateKey.pkcs8),
      format: "der",
      type: "pkcs8",
    });
    return Promise.resolve((data) =>
      Promise.resolve(
        new Uint8Array(
          sign(hashName(scheme), data, options(scheme, key, false)),
        ),
      )
    );
  },
};
