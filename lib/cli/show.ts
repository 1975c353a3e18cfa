// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto show FILE [-k KEY...] [--gpg KEYID...] [--json]`: prints any of
 * intoto's inputs for a person: each layer and who signed it, then the
 * layout, link or Statement inside.
 *
 * @module
 */

import { readFileBytes } from "../io.ts";
import { formatPythonJson } from "../json/python.ts";
import type { JsonValue } from "../json/parse.ts";
import { DEFAULT_LIMITS } from "../verify/limits.ts";
import { flagOption, positionalArgs } from "./args.ts";
import type { CommandSpec, ParsedArgs } from "./command.ts";
import { GPG_VERIFY_OPTIONS, loadGpgKeys } from "./gpg_options.ts";
import { type KeyOptionNames, loadPublicKeys } from "./key_options.ts";
import type { OptionName, OptionTable } from "./option_table.ts";
import { readShown, type Shown } from "./show_document.ts";
import { loadPublicKey } from "../crypto/load.ts";
import { readCertificates } from "./cert_options.ts";
import {
  certificatesToJson,
  keyToJson,
  renderCertificates,
  renderKey,
} from "./show_key.ts";
import { shownToJson } from "./show_json.ts";
import { renderShown } from "./show_render.ts";
import { checkSignatures, type GivenKey } from "./show_signatures.ts";

const HELP = `intoto show: print a layout, link, envelope, Statement or bundle

USAGE
  intoto show FILE [-k KEY...] [--gpg KEYID... [--gpg-home DIR]] [--json]

  Prints FILE for a person, whatever it is: a layout or a link (metablock or
  DSSE envelope), a DSSE envelope, an in-toto Statement (signed or not, any
  predicate), or a Sigstore bundle. Key files and PEM certificates are shown
  too: a key's keyids, a certificate's identity, validity, usages, names and
  the keyid a layout names it by. First each layer and who signed it
  (keyids, certificates), then the document: a layout's keys, CAs, steps
  (functionaries, threshold, rules, expected command), inspections and
  expiry; a link's command, byproducts, materials and products; a
  Statement's subjects and predicate.

  Signatures are checked only against the keys given: each is shown as
  "verified with KEY", "NOT verified", or "not checked: no key given".
  A bundle's certificate chain and transparency log are not checked
  here: "intoto attest verify --bundle" does that.

EXIT CODES
  0 shown (with keys: every layer verified by one of them);
  1 keys given, but a layer has no signature they verify;
  2 unreadable or unknown input, or usage

EXAMPLES
  intoto show root.layout
  intoto show root.layout -k alice.pub
  intoto show package.2f89b927.link --json | jq '.document.products'
  intoto show build.sigstore.json`;

/** show's key option: keys to check signatures with. */
const SHOW_KEYS: KeyOptionNames<OptionName<typeof OPTIONS>> = {
  legacy: "key",
  what: "key",
};

const OPTIONS = {
  key: {
    type: "string",
    short: "k",
    multiple: true,
    value: "KEY",
    description:
      'Public keys to check the signatures with (PEM, securesystemslib JSON, or "gpg --export" keys)',
  },
  gpg: {
    ...GPG_VERIFY_OPTIONS.gpg,
    description:
      "GPG keys to check the signatures with, read from the keyring: 8 to 40 hex characters",
  },
  "gpg-home": GPG_VERIFY_OPTIONS["gpg-home"],
  json: {
    type: "boolean",
    description:
      'Print {"file", "layers", "type", "document"}: the normalised document and, per layer, its signers',
  },
} as const satisfies OptionTable;

/** `intoto show`. */
export const command: CommandSpec<typeof OPTIONS> = {
  name: "show",
  summary: "Print any input for a person: metadata, bundle, key, certificate",
  help: HELP,
  options: OPTIONS,
  // env: GNUPGHOME for --gpg.
  permissions: ["read", "env"],
  async main(args, context) {
    const [path] = positionalArgs(args, command, ["FILE"]);
    const keys = await givenKeys(args);
    const json = flagOption(args, "json");
    const bytes = await readFileBytes(path, {
      maxBytes: DEFAULT_LIMITS.maxFileBytes,
    });
    let shown: Shown;
    try {
      shown = readShown(bytes, path);
    } catch (error) {
      // Not a document: perhaps certificates or a key file.
      const lines = await showKeyMaterial(path, bytes, json);
      if (lines === undefined) throw error;
      context.print(lines);
      return 0;
    }
    for (const warning of shown.warnings) context.warn(warning);
    const unverified = await checkSignatures(shown, keys);
    if (json) {
      context.print(formatPythonJson(shownToJson(shown), { indent: 2 }));
    } else {
      context.print(renderShown(shown, { now: new Date() }).join("\n"));
    }
    if (unverified.length > 0) {
      context.info(
        `NOT verified: no key given verifies ${unverified.join(", ")}`,
      );
      return 1;
    }
    return 0;
  },
};

/**
 * PEM certificates or a key file (PEM, securesystemslib JSON, GPG export)
 * as text or JSON, or undefined when the file is neither.
 */
async function showKeyMaterial(
  path: string,
  bytes: Uint8Array,
  json: boolean,
): Promise<string | undefined> {
  const pretty = (value: JsonValue) => formatPythonJson(value, { indent: 2 });
  if (new TextDecoder().decode(bytes).includes("-----BEGIN CERTIFICATE-----")) {
    const certificates = await readCertificates(path).catch(() => undefined);
    if (certificates !== undefined) {
      const now = new Date();
      return json
        ? pretty(certificatesToJson(certificates, now))
        : renderCertificates(certificates, path, now).join("\n");
    }
  }
  const key = await loadPublicKey(path).catch(() => undefined);
  if (key === undefined) return undefined;
  return json ? pretty(keyToJson(key)) : renderKey(key, path).join("\n");
}

/** The keys of `-k` and `--gpg`, each named as given. */
async function givenKeys(args: ParsedArgs): Promise<GivenKey[]> {
  const files = args.values.key === undefined
    ? []
    : (await loadPublicKeys(args, command, SHOW_KEYS)).map(({ file, key }) => ({
      label: file.path,
      key,
    }));
  const gpg = (await loadGpgKeys(args)).map((key) => ({
    label: `GPG key ${key.keyid.slice(0, 8)}`,
    key,
  }));
  return [...files, ...gpg];
}
