// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The GPG options: `--gpg KEYID...` and `--gpg-home DIR`, and loading the
 * keys they name from a keyring, in-process (no gpg binary).
 *
 * @module
 */

import { join } from "node:path";
import type { ParseArgsOptionsConfig } from "node:util";
import type { PublicKey } from "../crypto/key.ts";
import { checkGpgKeyid, loadGpgKeyFromHome } from "../crypto/gpg/keyring.ts";
import { gpgPublicKey } from "../crypto/gpg/public_key.ts";
import { listOption, stringOption } from "./args.ts";
import type { ParsedArgs } from "./command.ts";

/** The specs of `--gpg KEYID...` (verification) and `--gpg-home DIR`. */
export const GPG_VERIFY_OPTIONS: ParseArgsOptionsConfig = {
  gpg: { type: "string", multiple: true },
  "gpg-home": { type: "string" },
};

/**
 * The GnuPG home folder: `--gpg-home`, else `$GNUPGHOME`, else
 * `~/.gnupg`.
 *
 * @param args Parsed arguments.
 * @returns The folder.
 */
export function gpgHome(args: ParsedArgs): string {
  return stringOption(args, "gpg-home") ?? Deno.env.get("GNUPGHOME") ??
    join(Deno.env.get("HOME") ?? ".", ".gnupg");
}

/**
 * Loads the keys `--gpg KEYID...` names from the keyring.
 *
 * @param args Parsed arguments.
 * @returns The keys (none without `--gpg`).
 * @throws {IntotoError} `USAGE` for a keyid that is not hex,
 * `FILE_NOT_FOUND` for a missing keyring or key.
 */
export async function loadGpgKeys(args: ParsedArgs): Promise<PublicKey[]> {
  const keyids = listOption(args, "gpg").map(checkGpgKeyid);
  if (keyids.length === 0) return [];
  const home = gpgHome(args);
  const keys: PublicKey[] = [];
  for (const keyid of keyids) {
    keys.push(gpgPublicKey(await loadGpgKeyFromHome(home, keyid)));
  }
  return keys;
}
