// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The GPG options: `--gpg KEYID...` and `--gpg-home DIR`, and loading the
 * keys they name from a keyring, in-process (no gpg binary).
 *
 * @module
 */

import { join } from "node:path";
import type { PublicKey, Signer } from "../crypto/key.ts";
import { gpgSigner } from "../crypto/gpg/sign.ts";
import { checkGpgKeyid, loadGpgKeyFromHome } from "../crypto/gpg/keyring.ts";
import { gpgPublicKey } from "../crypto/gpg/public_key.ts";
import { IntotoError } from "../errors.ts";
import { listOption, stringOption } from "./args.ts";
import { defined } from "./defined.ts";
import type { ParsedArgs } from "./command.ts";
import type { OptionTable } from "./option_table.ts";

/**
 * `--gpg KEYID...` (keys to verify with, read in-process) and
 * `--gpg-home DIR`; a command may say more about `gpg` in its table.
 */
export const GPG_VERIFY_OPTIONS = {
  gpg: {
    type: "string",
    multiple: true,
    value: "KEYID",
    description:
      "GPG keys from the keyring, read in-process (no gpg needed): 8 to 40 hex characters of a key's fingerprint",
  },
  "gpg-home": {
    type: "string",
    value: "DIR",
    description: "The GnuPG home of --gpg (default $GNUPGHOME, else ~/.gnupg)",
  },
} as const satisfies OptionTable;

/** `-g/--gpg [KEYID]` (sign with gpg) and `--gpg-home DIR`. */
export const GPG_SIGN_OPTIONS = {
  gpg: {
    type: "string",
    short: "g",
    value: "KEYID",
    optionalValue: true,
    description:
      "Sign with gpg (the default key without KEYID, else KEYID's newest signing subkey), as in-toto 1.3.1",
  },
  "gpg-home": {
    type: "string",
    value: "DIR",
    description: "The GnuPG home of --gpg (default gpg's)",
  },
} as const satisfies OptionTable;

/**
 * The signers of `-g/--gpg [KEYID]`, which start gpg; none without it.
 *
 * @param args Parsed arguments.
 * @returns The signers, or undefined when `--gpg` is absent.
 * @throws {IntotoError} `USAGE` for a keyid that is not hex or without gpg,
 * `INVALID_KEY` when gpg fails.
 */
export async function loadGpgSigners(
  args: ParsedArgs,
): Promise<Signer[] | undefined> {
  const value = args.values.gpg;
  if (value === undefined) return undefined;
  const keyids = typeof value === "string" ? [value] : listOption(args, "gpg");
  const home = stringOption(args, "gpg-home");
  const signers: Signer[] = [];
  for (const keyid of keyids) {
    signers.push(
      await gpgSigner({
        ...(keyid === "" ? {} : { keyid: checkGpgKeyid(keyid) }),
        ...defined({ home }),
        defaultHome: gpgHome(args),
      }),
    );
  }
  return signers;
}

/**
 * The GnuPG home folder: `--gpg-home`, else `$GNUPGHOME`, else
 * `~/.gnupg`.
 *
 * @param args Parsed arguments.
 * @returns The folder.
 */
export function gpgHome(args: ParsedArgs): string {
  const home = stringOption(args, "gpg-home");
  if (home !== undefined) return home;
  try {
    return Deno.env.get("GNUPGHOME") ??
      join(Deno.env.get("HOME") ?? ".", ".gnupg");
  } catch (error) {
    if (!(error instanceof Deno.errors.NotCapable)) throw error;
    throw new IntotoError(
      "USAGE",
      "Cannot read GNUPGHOME without --allow-env: give the keyring folder with --gpg-home DIR",
      { cause: error },
    );
  }
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
