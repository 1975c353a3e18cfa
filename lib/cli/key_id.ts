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
import { formatPythonJson } from "../json/python.ts";
import { type JsonObject, setOwn } from "../json/parse.ts";
import type { KeyidFlavour, PublicKey } from "../crypto/key.ts";
import { keyidsOf } from "../crypto/keyid.ts";
import { type LoadKeyOptions, loadPublicKey } from "../crypto/load.ts";
import { layoutKeyObject } from "../crypto/key_object.ts";
import { GPG_VERIFY_OPTIONS, loadGpgKeys } from "./gpg_options.ts";
import { checkChoice, flagOption, stringOption, usageError } from "./args.ts";
import type { CommandSpec } from "./command.ts";
import { KEY_TYPES } from "./keygen.ts";
import {
  authorityEntry,
  type CertificateAuthority,
} from "../model/certificate_authority.ts";
import { certificatesIn } from "./cert_options.ts";
import { SIGNING_KEY_OPTIONS } from "./key_options.ts";
import type { OptionTable } from "./option_table.ts";

const HELP = `intoto key id: print the keyid of key files

USAGE
  intoto key id [--flavour legacy|modern | --all] [-t TYPE] FILE...
  intoto key id --json [--flavour legacy|modern] [-t TYPE] FILE...
  intoto key id [--json] --gpg KEYID... [--gpg-home DIR]

  Prints "<keyid>  <file>" for each FILE (a public or private key: PEM SPKI,
  PKCS#8, PKCS#1, SEC1, a securesystemslib JSON key file, or a GPG key
  from "gpg --export [-a]"). For an encrypted private key, pass its public
  key file. A GPG key's keyid is its fingerprint; --json prints the key dict
  the reference stores in a layout. A PEM certificate (ITE-7) gets
  in-toto-golang's keyid, whatever the flavour; --json prints its entry for
  a layout's rootcas or intermediatecas, as "in-toto key layout" does.

EXAMPLES
  intoto key id bob.pub carl.pub
  intoto key id --json bob.pub carl.pub > keys.json
  intoto key id --json root-ca.pem > rootcas.json`;

const FLAVOURS: readonly KeyidFlavour[] = ["legacy", "modern"];

const OPTIONS = {
  flavour: {
    type: "string",
    value: "FLAVOUR",
    description:
      '"legacy" (default): the keyid in-toto 1.3.1 and in-toto-golang compute for "-k" (with keyid_hash_algorithms); "modern": the keyid of in-toto 3 "--signing-key" and "--verification-keys"',
  },
  all: {
    type: "boolean",
    description: 'Print both, one line each: "<flavour> <keyid>  <file>"',
  },
  json: {
    type: "boolean",
    description:
      'Print one JSON object {"<keyid>": <key object>, ...} of every FILE, the "keys" of a layout',
  },
  "key-type": {
    ...SIGNING_KEY_OPTIONS["key-type"],
    description: "rsa, ed25519 or ecdsa, when the file does not tell",
  },
  ...GPG_VERIFY_OPTIONS,
} as const satisfies OptionTable;

/** `intoto key id`. */
export const command: CommandSpec<typeof OPTIONS> = {
  name: "key id",
  summary: "Print the keyid (or the layout key object) of key files",
  help: HELP,
  options: OPTIONS,
  permissions: ["read", "env"],
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
    const gpgKeys = await loadGpgKeys(args);
    if (args.positionals.length === 0 && gpgKeys.length === 0) {
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
    const loaded: [string, PublicKey][] = [];
    for (const path of args.positionals) {
      const authority = await certificateEntry(path);
      if (authority === undefined) {
        loaded.push([path, await loadKey(path, options)]);
      } else if (json) {
        setOwn(keys, authority.keyid, authority as unknown as JsonObject);
      } else {
        context.print(`${authority.keyid}  ${path}`);
      }
    }
    loaded.push(...gpgKeys.map((key): [string, PublicKey] => [key.keyid, key]));
    for (const [path, key] of loaded) {
      if (json || key.gpg !== undefined) {
        // A GPG key's keyid is its fingerprint, whatever the flavour.
        const { keyid, object } = layoutKeyObject(key, flavour, path);
        if (json) setOwn(keys, keyid, object);
        else context.print(`${keyid}  ${path}`);
        continue;
      }
      const keyids = keyidsOf(key);
      if (all) {
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

/**
 * The ITE-7 `rootcas`/`intermediatecas` entry of a PEM certificate file, or
 * undefined when the file holds no certificate.
 */
async function certificateEntry(
  path: string,
): Promise<CertificateAuthority | undefined> {
  const certificates = await certificatesIn(path);
  return certificates === undefined ? undefined : authorityEntry(certificates);
}

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
