// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto key id FILE...`: prints the keyid of each key file, as the
 * reference computes it, so a user knows which `<step>.<keyid8>.link` a key
 * signs and which entry of `layout.keys` it is.
 *
 * @module
 */

import type { KeyidFlavour } from "../keys/key.ts";
import { keyidsOf } from "../keys/keyid.ts";
import { loadPublicKey } from "../keys/load.ts";
import { checkChoice, flagOption, stringOption, usageError } from "./args.ts";
import type { CommandSpec } from "./command.ts";
import { KEY_TYPES } from "./keygen.ts";

const HELP = `intoto key id: print the keyid of key files

USAGE
  intoto key id [--flavour legacy|modern | --all] [-t TYPE] FILE...

  Prints "<keyid>  <file>" for each FILE (a public or private key: PEM SPKI,
  PKCS#8, PKCS#1, SEC1, or a securesystemslib JSON key file).

OPTIONS
  --flavour FLAVOUR   "legacy" (default): the keyid in-toto 1.3.1 and
                      in-toto-golang compute for "-k" (with
                      keyid_hash_algorithms); "modern": the keyid of in-toto 3
                      "--signing-key" and "--verification-keys"
  --all               Print both, one line each: "<flavour> <keyid>  <file>"
  -t, --key-type TYPE rsa, ed25519 or ecdsa, when the file does not tell`;

const FLAVOURS: readonly KeyidFlavour[] = ["legacy", "modern"];

/** `intoto key id`. */
export const command: CommandSpec = {
  name: "key id",
  summary: "Print the keyid of key files",
  help: HELP,
  options: {
    flavour: { type: "string" },
    all: { type: "boolean" },
    "key-type": { type: "string", short: "t" },
  },
  permissions: ["read"],
  async main(args, context) {
    const flavour = checkChoice(
      stringOption(args, "flavour") ?? "legacy",
      command,
      {
        name: "flavour",
        choices: FLAVOURS,
      },
    );
    const all = flagOption(args, "all");
    if (all && args.values.flavour !== undefined) {
      throw usageError(
        command,
        'options "--all" and "--flavour" exclude each other',
      );
    }
    if (args.positionals.length === 0) {
      throw usageError(command, "missing key file");
    }
    const type = stringOption(args, "key-type");
    const options = type === undefined ? {} : {
      keyType: checkChoice(type, command, {
        name: "key-type",
        choices: KEY_TYPES,
      }),
    };
    for (const path of args.positionals) {
      const key = await loadPublicKey(path, options);
      const keyids = keyidsOf(key);
      if (all) {
        context.print(`legacy ${keyids.legacy}  ${path}`);
        context.print(`modern ${keyids.modern}  ${path}`);
      } else {
        context.print(`${keyids[flavour]}  ${path}`);
      }
    }
    return 0;
  },
};
