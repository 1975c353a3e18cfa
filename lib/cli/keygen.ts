// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto keygen [-t ed25519|ecdsa|rsa] [-b BITS] [-p] NAME`: writes a new
 * private key to NAME (PKCS#8 PEM, mode 0600) and its public key to NAME.pub
 * (SPKI PEM).
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { ioError, writeFileAtomic } from "../io.ts";
import { keyidsOf } from "../crypto/keyid.ts";
import { generateKeyPair } from "../crypto/keygen.ts";
import { loadPublicKey } from "../crypto/load.ts";
import { checkChoice, flagOption, stringOption, usageError } from "./args.ts";
import { defined } from "./defined.ts";
import type { CommandSpec } from "./command.ts";
import { passwordOption } from "./password.ts";
import type { OptionTable } from "./option_table.ts";

/** The key types `-t/--key-type` accepts, as in in-toto 1.3.1. */
export const KEY_TYPES = ["rsa", "ed25519", "ecdsa"] as const;

/** A value of `-t/--key-type`. */
export type KeyType = typeof KEY_TYPES[number];

const HELP = `intoto keygen: generate a key pair

USAGE
  intoto keygen [-t rsa|ed25519|ecdsa] [-b BITS] [-p | --password PW]
                [--force] NAME

  Writes the private key to NAME (PKCS#8 PEM, mode 0600, encrypted when a
  password is given) and the public key to NAME.pub (SPKI PEM), each written
  atomically. Prints both keyids on stderr. Existing files are kept unless
  --force is given: a lost private key cannot be recovered.

EXAMPLES
  intoto keygen alice                  # RSA 3072: alice and alice.pub
  intoto keygen -t ed25519 -p bob      # asks for a password
  printf '%s\\n' "$PW" | intoto keygen -t ecdsa -p carl`;

const OPTIONS = {
  type: {
    type: "string",
    short: "t",
    value: "TYPE",
    description: "rsa (default, RSA-PSS SHA-256), ed25519 or ecdsa (P-256)",
  },
  bits: {
    type: "string",
    short: "b",
    value: "BITS",
    description: "RSA key size, 2048 to 16384",
    default: "3072",
  },
  prompt: {
    type: "boolean",
    short: "p",
    description:
      "Ask for a password to encrypt the private key; when stdin is not a terminal, its first line is the password",
  },
  password: {
    type: "string",
    value: "PW",
    description:
      "Encrypt with PW (non-interactive; visible to other users of this machine in the process list)",
  },
  force: {
    type: "boolean",
    description: "Replace NAME and NAME.pub if they exist",
  },
} as const satisfies OptionTable;

/** `intoto keygen`. */
export const command: CommandSpec<typeof OPTIONS> = {
  name: "keygen",
  summary: "Generate a key pair (private PKCS#8 PEM and public SPKI PEM)",
  help: HELP,
  optionNotes:
    `  in-toto 1.3.1 reads the RSA keys; for its ed25519 and ecdsa keys use
  in-toto-keygen (intoto reads those too).`,
  options: OPTIONS,
  permissions: ["read", "write"],
  async main(args, context) {
    const [name, ...extra] = args.positionals;
    if (name === undefined || name === "") {
      throw usageError(command, "missing key file NAME");
    }
    if (extra.length > 0) {
      throw usageError(command, `unexpected argument "${extra[0]}"`);
    }
    const type = checkChoice(stringOption(args, "type") ?? "rsa", command, {
      name: "type",
      choices: KEY_TYPES,
    });
    const bits = bitsOption(stringOption(args, "bits"), type);
    if (!flagOption(args, "force")) {
      for (const path of [name, `${name}.pub`]) await checkAbsent(path);
    }
    const password = await passwordOption(args, command, { confirm: true });
    const pair = await generateKeyPair(type, {
      ...defined({ bits, password }),
    });
    await writeFileAtomic(name, pair.privatePem, { mode: 0o600 });
    await writeFileAtomic(`${name}.pub`, pair.publicPem, { mode: 0o644 });
    const keyids = keyidsOf(await loadPublicKey(`${name}.pub`));
    context.info(
      `Wrote "${name}" and "${name}.pub": keyid ${keyids.legacy} (legacy), ${keyids.modern} (modern)`,
    );
    return 0;
  },
};

/** Refuses to replace an existing file (or folder) with a new key. */
async function checkAbsent(path: string): Promise<void> {
  try {
    await Deno.lstat(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw ioError(error, "write", path);
  }
  throw new IntotoError(
    "IO_ERROR",
    `Cannot write key "${path}": it exists; choose another NAME, or pass --force to replace it`,
  );
}

function bitsOption(value: string | undefined, type: KeyType) {
  if (value === undefined) return undefined;
  if (type !== "rsa") {
    throw usageError(command, `option "-b/--bits" applies only to rsa keys`);
  }
  if (!/^[0-9]{4,5}$/.test(value) || +value < 2048 || +value > 16384) {
    throw usageError(
      command,
      `invalid value "${value}" for option "-b/--bits": use 2048 to 16384`,
    );
  }
  return Number(value);
}
