// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto key id FILE...`: prints the keyid of each key file, as the
 * reference computes it, so a user knows which `<step>.<keyid8>.link` a key
 * signs and which entry of `layout.keys` it is. With `--json` it prints the
 * key objects themselves, ready to paste into a layout's `keys`.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { formatPythonJson } from "../json/canonical.ts";
import { type JsonObject, setOwn } from "../json/parse.ts";
import type { KeyidFlavour, PublicKey } from "../crypto/key.ts";
import { keyidsOf, withFlavour } from "../crypto/keyid.ts";
import { type LoadKeyOptions, loadPublicKey } from "../crypto/load.ts";
import { checkChoice, flagOption, stringOption, usageError } from "./args.ts";
import type { CommandSpec } from "./command.ts";
import { KEY_TYPES } from "./keygen.ts";

const HELP = `intoto key id: print the keyid of key files

USAGE
  intoto key id [--flavour legacy|modern | --all] [-t TYPE] FILE...
  intoto key id --json [--flavour legacy|modern] [-t TYPE] FILE...

  Prints "<keyid>  <file>" for each FILE (a public or private key: PEM SPKI,
  PKCS#8, PKCS#1, SEC1, or a securesystemslib JSON key file). For an
  encrypted private key, pass its public key file.

OPTIONS
  --flavour FLAVOUR   "legacy" (default): the keyid in-toto 1.3.1 and
                      in-toto-golang compute for "-k" (with
                      keyid_hash_algorithms); "modern": the keyid of in-toto 3
                      "--signing-key" and "--verification-keys"
  --all               Print both, one line each: "<flavour> <keyid>  <file>"
  --json              Print one JSON object {"<keyid>": <key object>, ...}
                      of every FILE, the "keys" of a layout
  -t, --key-type TYPE rsa, ed25519 or ecdsa, when the file does not tell

EXAMPLES
  intoto key id bob.pub carl.pub
  intoto key id --json bob.pub carl.pub > keys.json`;

const FLAVOURS: readonly KeyidFlavour[] = ["legacy", "modern"];

/** `intoto key id`. */
export const command: CommandSpec = {
  name: "key id",
  summary: "Print the keyid (or the layout key object) of key files",
  help: HELP,
  options: {
    flavour: { type: "string" },
    all: { type: "boolean" },
    json: { type: "boolean" },
    "key-type": { type: "string", short: "t" },
  },
  permissions: ["read"],
  async main(args, context) {
    const flavour = checkChoice(
      stringOption(args, "flavour") ?? "legacy",
      command,
      { name: "flavour", choices: FLAVOURS },
    );
    const all = flagOption(args, "all");
    const json = flagOption(args, "json");
    if (all && (args.values.flavour !== undefined || json)) {
      const other = json ? "--json" : "--flavour";
      throw usageError(
        command,
        `options "--all" and "${other}" exclude each other`,
      );
    }
    if (args.positionals.length === 0) {
      throw usageError(command, "missing key file");
    }
    const type = stringOption(args, "key-type");
    const options: LoadKeyOptions = type === undefined ? {} : {
      keyType: checkChoice(type, command, {
        name: "key-type",
        choices: KEY_TYPES,
      }),
    };
    const keys: JsonObject = {};
    for (const path of args.positionals) {
      const key = await loadKey(path, options);
      const keyids = keyidsOf(key);
      if (json) {
        const object = withFlavour(key, flavour);
        setOwn(keys, object.keyid, object as unknown as JsonObject);
      } else if (all) {
        context.print(`legacy ${keyids.legacy}  ${path}`);
        context.print(`modern ${keyids.modern}  ${path}`);
      } else {
        context.print(`${keyids[flavour]}  ${path}`);
      }
    }
    if (json) context.print(formatPythonJson(keys, { indent: 1 }));
    return 0;
  },
};

/** Loads a key file; an encrypted private key gets a pointer to its `.pub`. */
async function loadKey(
  path: string,
  options: LoadKeyOptions,
): Promise<PublicKey> {
  try {
    return await loadPublicKey(path, options);
  } catch (error) {
    if (error instanceof IntotoError && error.code === "WRONG_PASSWORD") {
      throw new IntotoError(
        "WRONG_PASSWORD",
        `Cannot read the keyid of "${path}": it is an encrypted private key; pass its public key file instead (such as "${path}.pub")`,
        { cause: error },
      );
    }
    throw error;
  }
}
