// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Gives Deno's `node:crypto.verify` Node's default digest. Node verifies an
 * EC or RSA signature with SHA-256 when no digest is named; Deno throws,
 * and @sigstore/verify names none for SETs, checkpoints and DSSE
 * signatures, so each of those would read as a bad signature.
 *
 * @module
 */

import crypto, { type KeyObject } from "node:crypto";

let installed = false;

/** Installs the default once; Ed25519 and Ed448 keep no digest. */
export function installDefaultDigest(): void {
  if (installed) return;
  installed = true;
  const original = crypto.verify;
  const patched = function (
    this: unknown,
    algorithm: string | null | undefined,
    ...rest: unknown[]
  ) {
    if (algorithm === null || algorithm === undefined) {
      const key = rest[1];
      const type = (key as KeyObject | undefined)?.asymmetricKeyType;
      if (type !== "ed25519" && type !== "ed448") algorithm = "sha256";
    }
    // deno-lint-ignore no-explicit-any
    return (original as any).call(this, algorithm, ...rest);
  };
  (crypto as { verify: unknown }).verify = patched;
}
