// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The key options of every subcommand in one place: their specs
 * (`-k/--key`, `--signing-key`, `-t/--key-type`, `-P/--password`,
 * `--prompt`, and the names `verify` gives them), and the loading of the
 * files they name into signers or public keys, with one rule for key types,
 * one message for a missing key and one for an encrypted key without its
 * password.
 *
 * @module
 */

import { IntotoError, isIntotoError } from "../errors.ts";
import type { KeyidFlavour, PublicKey, Signer } from "../crypto/key.ts";
import { loadPublicKey, loadSigner } from "../crypto/load.ts";
import { checkChoice, optionFlag, usageError } from "./args.ts";
import { defined } from "./defined.ts";
import type { CommandContext, CommandSpec, ParsedArgs } from "./command.ts";
import { KEY_TYPES, type KeyType } from "./keygen.ts";
import { passwordOption, readPassword } from "./password.ts";
import { loadGpgSigners } from "./gpg_options.ts";
import { withCertificate } from "./cert_options.ts";
import type { OptionName, OptionTable } from "./option_table.ts";

/**
 * The long names of one subcommand's key options.
 *
 * @typeParam N The names of the table that has them (`OptionName<typeof
 * OPTIONS>`), so that a misspelt one is a type error.
 */
export interface KeyOptionNames<N extends string = string> {
  /** Key files whose keyid is the one in-toto 1.3.1 computes (`-k`). */
  legacy: N;
  /** Key files whose keyid is the one in-toto 3 computes, if taken. */
  modern?: N;
  /** Key types (`-t`), one per key file, if taken. */
  type?: N;
  /**
   * Which key files the types are for, in order: `all` (legacy ones first,
   * default) or only the `legacy` ones (`verify`, whose modern keys are
   * always PEM).
   */
  typed?: "all" | "legacy";
  /** What the keys are, for the message when none is given: `signing key`. */
  what: string;
}

/** The key options of the commands that sign: run, record, sign. */
export const SIGNING_KEYS: KeyOptionNames<
  OptionName<typeof SIGNING_KEY_OPTIONS>
> = {
  legacy: "key",
  modern: "signing-key",
  type: "key-type",
  what: "signing key",
};

/**
 * The options of {@linkcode SIGNING_KEYS} for one signing key (run, record
 * start and stop).
 */
export const SIGNING_KEY_OPTIONS = {
  "signing-key": {
    type: "string",
    value: "KEY",
    description:
      "Private key (PKCS#8 PEM); the link carries its keyid as in-toto 3 computes it",
  },
  key: {
    type: "string",
    short: "k",
    value: "KEY",
    description:
      "Private key, keyid as in-toto 1.3.1 computes it (PEM, or a securesystemslib JSON key file)",
  },
  "key-type": {
    type: "string",
    short: "t",
    value: "TYPE",
    description: "rsa, ed25519 or ecdsa, when the key file does not tell",
  },
} as const satisfies OptionTable;

/**
 * `-P/--password [PW]`, `--prompt`, `--password-env NAME` and
 * `--password-file FILE`, for encrypted signing keys.
 */
export const PASSWORD_OPTIONS = {
  password: {
    type: "string",
    short: "P",
    value: "PW",
    optionalValue: true,
    description:
      "The password of an encrypted key; -P alone asks for it without echo (PW on the command line is visible to other users: a warning says so)",
  },
  prompt: {
    type: "boolean",
    description:
      "Ask for the password (also asked on a terminal when the key turns out to be encrypted)",
  },
  "password-env": {
    type: "string",
    value: "NAME",
    description: "Take the password from environment variable NAME",
  },
  "password-file": {
    type: "string",
    value: "FILE",
    description: "Take the password from the first line of FILE",
  },
} as const satisfies OptionTable;

/** A key file from the command line, and how to load it. */
export interface KeyFile {
  /** The file as given. */
  path: string;
  /** The keyid flavour its option asks for. */
  flavour: KeyidFlavour;
  /** The key type given for it with `-t`, if any. */
  keyType?: KeyType;
}

/**
 * The key files of the command line, legacy ones first, each with its type.
 * Single-valued key options exclude each other (one key in all).
 *
 * @param args Parsed arguments.
 * @param command The subcommand, whose options include those `names` names.
 * @param names The options' long names.
 * @returns At least one key file.
 * @throws {IntotoError} `USAGE` without a key, with two single keys, with
 * a type count that does not fit, or for an unknown type.
 */
export function keyFiles(
  args: ParsedArgs,
  command: CommandSpec,
  names: KeyOptionNames,
): KeyFile[] {
  const flag = (name: string) => optionFlag(command, name);
  const legacy = values(args, names.legacy);
  const modern = names.modern === undefined ? [] : values(args, names.modern);
  const files: KeyFile[] = [
    ...legacy.map((path) => ({ path, flavour: "legacy" as const })),
    ...modern.map((path) => ({ path, flavour: "modern" as const })),
  ];
  if (files.length === 0) {
    throw usageError(
      command,
      names.modern === undefined
        ? `missing required option "${flag(names.legacy)}"`
        : `missing ${names.what}: pass "${flag(names.legacy)} KEY" or "${
          flag(names.modern)
        } KEY"`,
    );
  }
  if (
    names.modern !== undefined && legacy.length > 0 && modern.length > 0 &&
    !command.options[names.legacy]?.multiple
  ) {
    throw usageError(
      command,
      `options "${flag(names.legacy)}" and "${
        flag(names.modern)
      }" exclude each other`,
    );
  }
  if (names.type === undefined) return files;
  const types = values(args, names.type).map((type) =>
    checkChoice(type, command, { name: names.type!, choices: KEY_TYPES })
  );
  const typed = names.typed === "legacy" ? legacy.length : files.length;
  if (types.length > 0 && types.length !== typed) {
    const which = names.typed === "legacy"
      ? `"${flag(names.legacy)}" key`
      : "key";
    throw usageError(
      command,
      `give one "${
        flag(names.type)
      }" value per ${which}, in order: ${typed} key(s), ${types.length} type(s)`,
    );
  }
  return files.map((file, index) => {
    const keyType = types[index];
    return keyType === undefined ? file : { ...file, keyType };
  });
}

/** A single- or multi-valued string option as a list. */
function values(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  if (typeof value === "string") return [value];
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === "string")
    : [];
}

/**
 * Loads the public key of a key file.
 *
 * @param file The file, flavour and type.
 * @returns The key.
 * @throws {IntotoError} What `loadPublicKey` throws.
 */
export async function loadKeyFile(file: KeyFile): Promise<PublicKey> {
  return await loadPublicKey(file.path, {
    flavour: file.flavour,
    ...defined({ keyType: file.keyType }),
  });
}

/**
 * Loads the public keys the command line names (for verification).
 *
 * @param args Parsed arguments.
 * @param command The subcommand.
 * @param names Its key options.
 * @returns Each file with its key, in the order of {@linkcode keyFiles}.
 * @throws {IntotoError} As {@linkcode keyFiles} and `loadPublicKey`.
 */
export async function loadPublicKeys(
  args: ParsedArgs,
  command: CommandSpec,
  names: KeyOptionNames,
): Promise<{ file: KeyFile; key: PublicKey }[]> {
  const keys: { file: KeyFile; key: PublicKey }[] = [];
  for (const file of keyFiles(args, command, names)) {
    keys.push({ file, key: await loadKeyFile(file) });
  }
  return keys;
}

/**
 * Loads the signing keys given with {@linkcode SIGNING_KEYS} and
 * {@linkcode PASSWORD_OPTIONS}. The password of `-P` or `--prompt` is used
 * for every encrypted key; without one, an encrypted key's password is
 * asked on a terminal, and otherwise the error names the password flags.
 * With `--cert` (`cert_options.ts`), the one signer is bound to its
 * certificate.
 *
 * @param args Parsed arguments.
 * @param command The subcommand.
 * @param context Where a warning about a password on argv goes.
 * @returns The signers, in the order of {@linkcode keyFiles}.
 * @throws {IntotoError} As {@linkcode keyFiles}; `WRONG_PASSWORD` for an
 * encrypted key without its password or with a wrong one; what
 * `loadSigner` throws.
 */
export async function loadSigners(
  args: ParsedArgs,
  command: CommandSpec,
  context: CommandContext,
): Promise<Signer[]> {
  const gpg = await loadGpgSignersAlone(args, command);
  if (gpg !== undefined) return await withCertificate(gpg, args, command);
  const files = keyFiles(args, command, SIGNING_KEYS);
  const password = await passwordOption(args, command, {
    warn: (message) => context.warn(message),
  });
  const signers: Signer[] = [];
  for (const file of files) {
    signers.push(await loadSignerFile(file, { command, password }));
  }
  return await withCertificate(signers, args, command);
}

/** The signers of `--gpg`, which excludes key files. */
async function loadGpgSignersAlone(
  args: ParsedArgs,
  command: CommandSpec,
): Promise<Signer[] | undefined> {
  if (args.values.gpg === undefined) return undefined;
  const given = [SIGNING_KEYS.legacy, SIGNING_KEYS.modern!].find((name) =>
    args.values[name] !== undefined
  );
  if (given !== undefined) {
    throw usageError(
      command,
      `options "${optionFlag(command, "gpg")}" and "${
        optionFlag(command, given)
      }" exclude each other`,
    );
  }
  return await loadGpgSigners(args);
}

async function loadSignerFile(
  file: KeyFile,
  options: { command: CommandSpec; password: string | undefined },
): Promise<Signer> {
  const { password } = options;
  const load = (password: string | undefined) =>
    loadSigner(file.path, {
      flavour: file.flavour,
      ...defined({ keyType: file.keyType, password }),
    });
  try {
    return await load(password);
  } catch (error) {
    if (password !== undefined || !isIntotoError(error, "WRONG_PASSWORD")) {
      throw error;
    }
    if (Deno.stdin.isTerminal()) {
      return await load(
        await readPassword(`Enter password for "${file.path}": `),
      );
    }
    const flag = (name: string) => optionFlag(options.command, name);
    throw new IntotoError(
      "WRONG_PASSWORD",
      `Cannot load key "${file.path}": it is encrypted: give its password with "${
        flag("password")
      } PW" or "${flag("prompt")}"`,
      { cause: error },
    );
  }
}
