// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A certificate's public key as an in-toto key, with the keyid
 * in-toto-golang gives it (`Key.LoadKeyDefaults`): the legacy keyid of
 * `{keyid_hash_algorithms: ["sha256", "sha512"], keytype, keyval: {public},
 * scheme}` with golang's default scheme (`rsassa-pss-sha256`,
 * `ecdsa-sha2-nistp256` for every curve, `ed25519`), the PEM without its
 * final newline. Links signed with a certificate are named and labelled with
 * this keyid, so that in-toto-golang finds and verifies them.
 *
 * @module
 */

import type { PublicKey } from "../key.ts";
import { computeKeyid, LEGACY_HASH_ALGORITHMS } from "../keyid.ts";
import { encodePem } from "../pem.ts";
import type { PublicKeyInfo } from "../pkcs.ts";
import { defaultScheme } from "../scheme.ts";
import type { Certificate } from "./certificate.ts";

const GOLANG_SCHEMES = {
  rsa: "rsassa-pss-sha256",
  ecdsa: "ecdsa-sha2-nistp256",
  ed25519: "ed25519",
} as const;

function material(info: PublicKeyInfo): string {
  return info.type === "ed25519"
    ? Array.from(info.raw!, (byte) => byte.toString(16).padStart(2, "0"))
      .join("")
    : encodePem("PUBLIC KEY", info.spki);
}

/**
 * The key object in-toto-golang makes of a certificate's key (without the
 * certificate), whose legacy keyid is the certificate's keyid.
 *
 * @param certificate The certificate.
 * @returns `{keyid_hash_algorithms, keytype, keyval: {public}, scheme}`.
 */
export function golangKeyObject(
  certificate: Certificate,
): Omit<PublicKey, "keyid"> & { keyid_hash_algorithms: string[] } {
  const info = certificate.publicKey;
  return {
    keyid_hash_algorithms: [...LEGACY_HASH_ALGORITHMS],
    keytype: info.type,
    scheme: GOLANG_SCHEMES[info.type],
    keyval: { public: material(info).trimEnd() },
  };
}

/**
 * The in-toto key of a certificate's subject.
 *
 * @param certificate The certificate.
 * @returns The key: in-toto-golang's keyid, the scheme intoto verifies
 * with (by curve for ECDSA, which is also the hash golang signs with).
 *
 * @example Usage
 * ```ts ignore
 * import { certificateKey } from "./key.ts";
 * const key = certificateKey(leaf);
 * console.log(key.keyid.slice(0, 8)); // the link file's keyid part
 * ```
 */
export function certificateKey(certificate: Certificate): PublicKey {
  const info = certificate.publicKey;
  const keyid = computeKeyid(golangKeyObject(certificate), "legacy");
  return {
    keyid,
    keytype: info.type,
    scheme: defaultScheme(info),
    keyval: { public: material(info) },
  };
}
