// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Checks the signatures `intoto show` prints against the keys given, one
 * signature at a time, with the verification code `verify` uses
 * (`verifiedKeys`), so that each line says which key verified it.
 *
 * @module
 */

import { isIntotoError } from "../errors.ts";
import type { PublicKey } from "../crypto/key.ts";
import { verifiedKeys } from "../model/signed_file.ts";
import { layerName, type Shown } from "./show_document.ts";

/** A key given on the command line, and how to name it. */
export interface GivenKey {
  /** Such as the key file's name. */
  label: string;
  /** The key. */
  key: PublicKey;
}

/**
 * Sets the check of every envelope signature of `shown`: verified by
 * which given keys, or not.
 *
 * @param shown The file read by `readShown`; its signatures are updated.
 * @param keys The keys given; none leaves every signature unchecked.
 * @returns The names of the layers that no signature verifies (a layer
 * with no signature, a bundle's file signature, which needs the file, or
 * an unsigned document counts): empty when every layer verified, or when
 * no key was given.
 * @throws {IntotoError} `INVALID_KEY` for a key that cannot be used.
 */
export async function checkSignatures(
  shown: Shown,
  keys: readonly GivenKey[],
): Promise<string[]> {
  if (keys.length === 0) return [];
  const unverified: string[] = [];
  for (const layer of shown.layers) {
    if (layer.kind === "bundle") {
      if (layer.content === "message-signature") {
        unverified.push("the bundle's file signature");
      }
      continue;
    }
    let verified = false;
    for (const [index, signature] of layer.signatures.entries()) {
      const file = {
        ...layer.file,
        signatures: [layer.file.signatures[index]!],
      };
      try {
        const found = await verifiedKeys(file, keys.map(({ key }) => key));
        signature.check = found.length === 0 ? { state: "failed" } : {
          state: "verified",
          keys: keys.filter(({ key }) => found.includes(key)).map((
            { label },
          ) => label),
        };
      } catch (error) {
        // An expired or revoked GPG key, or a SHA-1 signature: not valid.
        if (!isIntotoError(error, "SIGNATURE_INVALID")) throw error;
        signature.check = { state: "failed", reason: error.message };
      }
      verified ||= signature.check.state === "verified";
    }
    if (!verified) unverified.push(`the ${layerName(layer.kind)}`);
  }
  if (shown.layers.length === 0) unverified.push("the unsigned document");
  return unverified;
}
