// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A GPG key in the shape every other key has (`PublicKey`), so that layouts,
 * thresholds and link names treat it like any key: its keyid is the primary
 * fingerprint, and its material (what makes keys distinct) is that
 * fingerprint too, so subkeys of one primary count once.
 *
 * @module
 */

import type { PublicKey } from "../key.ts";
import { GPG_ALGORITHMS, type GpgKey } from "./key.ts";

/**
 * Wraps a GPG key as a public key.
 *
 * @param key The GPG key.
 * @returns A public key with `gpg` set, `keytype` the GPG type and `scheme`
 * its method.
 */
export function gpgPublicKey(key: GpgKey): PublicKey {
  return {
    keyid: key.keyid,
    keytype: key.type,
    scheme: GPG_ALGORITHMS[key.type].method,
    keyval: { public: key.keyid },
    gpg: key,
  };
}
