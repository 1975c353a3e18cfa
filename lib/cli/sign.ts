// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto sign -f FILE -k KEY...`: signs link or layout metadata, or with
 * `--verify` checks its signatures, with the behaviour and default output
 * names of in-toto-sign 1.3.1; beyond it, also attestations (a Statement
 * v1 in a DSSE envelope): a link attestation as a link, any other one as a
 * layout, so that several can sign it for `attest verify --threshold`.
 *
 * @module
 */

import { checkStatementFormat, linkOfFile } from "../model/link_of_file.ts";
import { LINK_PREDICATE_TYPE } from "../model/link_predicate.ts";
import { STATEMENT_TYPE, validateStatement } from "../model/statement.ts";
import { IntotoError } from "../errors.ts";
import { parseExpires } from "../model/date.ts";
import { validateLayout } from "../model/layout.ts";
import {
  readSignedFile,
  type SignedFile,
  signedFileBytes,
  verifiedKeys,
} from "../model/signed_file.ts";
import { writeFileAtomic } from "../io.ts";
import { linkFileName } from "../record/names.ts";
import { checkDsseLayoutExpires } from "../verify/dsse_layout.ts";
import type { PublicKey } from "../crypto/key.ts";
import {
  flagOption,
  listOption,
  requiredOption,
  stringOption,
  usageError,
} from "./args.ts";
import type { CommandContext, CommandSpec } from "./command.ts";
import {
  keyFiles,
  loadKeyFile,
  loadSigners,
  PASSWORD_OPTIONS,
  SIGNING_KEY_OPTIONS,
  SIGNING_KEYS,
} from "./key_options.ts";
import { GPG_SIGN_OPTIONS, loadGpgKeys } from "./gpg_options.ts";
import { CERT_OPTIONS } from "./cert_options.ts";
import { listNote } from "./help.ts";
import type { OptionTable } from "./option_table.ts";

const HELP =
  `intoto sign: sign link or layout metadata, or verify its signatures

USAGE
  intoto sign -f FILE -k KEY... [-t TYPE...] [-o OUT] [-a] [--use-dsse]
             [-p | -P PW]
  intoto sign -f FILE --signing-key KEY... [-o OUT] [-a] [--use-dsse]
             [-p | -P PW]
  intoto sign -f FILE -g [KEYID...] [--gpg-home DIR] [-o OUT] [-a]
  intoto sign -f FILE -k PUBKEY... --verify

  FILE may be a signed or unsigned link or layout, in the traditional
  {"signed", "signatures"} format or a DSSE envelope (detected from its
  content); the format is kept unless --use-dsse turns a traditional file
  into a DSSE envelope. A DSSE payload is signed as it is, byte for byte.
  Layouts take one or more keys and are written back to FILE; links take one
  key and are written to "<name>.<keyid prefix>.link" in the working
  directory. Existing signatures are replaced unless -a is given.
  FILE may also be an attestation (a Statement in a DSSE envelope): a link
  attestation is signed as a link, any other as a layout.

EXAMPLES
  intoto sign -f root.layout -k owner          # sign in place
  intoto sign -f root.layout -k owner2 -a      # add a second signature
  intoto sign -f build.link -k alice           # writes build.<keyid8>.link
  intoto sign -f root.layout -k owner.pub owner2.pub --verify`;

const OPTIONS = {
  file: {
    type: "string",
    short: "f",
    value: "FILE",
    description: "The link or layout (required)",
  },
  key: {
    ...SIGNING_KEY_OPTIONS.key,
    multiple: true,
    description:
      'Private keys to sign with; signatures carry the legacy keyid, as in-toto 1.3.1 "-k". With --verify: public keys that must all have signed',
  },
  "signing-key": {
    ...SIGNING_KEY_OPTIONS["signing-key"],
    multiple: true,
    description:
      'Private keys to sign with; signatures carry the modern keyid, as in-toto 3 "--signing-key"',
  },
  "key-type": {
    ...SIGNING_KEY_OPTIONS["key-type"],
    multiple: true,
    description:
      "rsa, ed25519 or ecdsa, one per key in order, for key files whose content does not tell",
  },
  gpg: {
    ...GPG_SIGN_OPTIONS.gpg,
    multiple: true,
    description:
      "Sign with gpg (its default key without KEYID); with --verify, GPG keys read from the keyring",
  },
  "gpg-home": {
    ...GPG_SIGN_OPTIONS["gpg-home"],
    description: "The GnuPG home of --gpg",
  },
  output: {
    type: "string",
    short: "o",
    value: "OUT",
    description: "Write the signed file to OUT",
  },
  append: {
    type: "boolean",
    short: "a",
    description:
      "Add signatures instead of replacing them (layouts, attestations other than links)",
  },
  "use-dsse": {
    type: "boolean",
    description:
      "Write a DSSE envelope whose payload is the metadata as in-toto writes it; the existing signatures of a traditional file are dropped",
  },
  verify: {
    type: "boolean",
    description:
      "Check the signatures instead of signing: exit 0 when every key given has signed, 1 otherwise",
  },
  prompt: {
    ...PASSWORD_OPTIONS.prompt,
    short: "p",
    description:
      "Ask for the password of encrypted keys (one for all); when stdin is not a terminal, its first line is the password",
  },
  password: {
    ...PASSWORD_OPTIONS.password,
    description:
      "The password of encrypted keys; -P alone asks for it (PW on the command line warns: others see it)",
  },
  "password-env": PASSWORD_OPTIONS["password-env"],
  "password-file": PASSWORD_OPTIONS["password-file"],
  ...CERT_OPTIONS,
} as const satisfies OptionTable;

/** `intoto sign`. */
export const command: CommandSpec<typeof OPTIONS> = {
  name: "sign",
  summary: "Sign link or layout metadata, or verify its signatures",
  help: HELP,
  optionNotes: listNote("k"),
  options: OPTIONS,
  // run: for gpg (--gpg) only.
  permissions: ["read", "write", "run", "env"],
  async main(args, context) {
    const path = requiredOption(args, command, "file");
    if (args.positionals.length > 0) {
      throw usageError(command, `unexpected argument "${args.positionals[0]}"`);
    }
    const gpg = args.values.gpg !== undefined;
    const keys = gpg ? [] : keyFiles(args, command, SIGNING_KEYS);
    const keyCount = gpg ? listOption(args, "gpg").length : keys.length;
    const verify = flagOption(args, "verify");
    const append = flagOption(args, "append");
    if (
      verify &&
      (append || stringOption(args, "output") || flagOption(args, "use-dsse"))
    ) {
      throw usageError(
        command,
        'options "-a/--append", "-o/--output" and "--use-dsse" do not apply to "--verify"',
      );
    }
    const file = await readSignedFile(path);
    const { type, stepName } = metadataType(file, path, context);
    if (stepName !== undefined && keyCount > 1) {
      throw usageError(
        command,
        `a ${type} takes exactly one key: it is signed by one functionary`,
      );
    }
    if (stepName !== undefined && append) {
      throw usageError(
        command,
        'option "-a/--append" applies only to layouts and attestations other than links',
      );
    }
    const format = flagOption(args, "use-dsse") ? "dsse" : file.format;
    if (append && format !== file.format) {
      throw usageError(
        command,
        `option "-a/--append" keeps the format, and "${path}" is not a DSSE envelope: sign it with "--use-dsse" without "-a" first`,
      );
    }
    if (verify) {
      const publicKeys = gpg
        ? (await loadGpgKeys(args)).map((key): [string, PublicKey] => [
          key.keyid,
          key,
        ])
        : await Promise.all(
          keys.map(async (key): Promise<[string, PublicKey]> => [
            key.path,
            await loadKeyFile(key),
          ]),
        );
      return await verifyFile(file, publicKeys, context);
    }
    const signers = await loadSigners(args, command, context);
    const content = await signedFileBytes(file.payload, signers, {
      format,
      ...(format === file.format
        ? { existing: append ? file : { ...file, signatures: [] } }
        : {}),
    });
    const output = stringOption(args, "output") ??
      (stepName === undefined
        ? path
        : linkFileName(stepName, signers[0]!.publicKey.keyid));
    await writeFileAtomic(output, content);
    context.info(`Wrote signed ${type} to "${output}"`);
    return 0;
  },
};

/**
 * What the file holds, checked: a link or a link attestation (signed by one
 * functionary, and named after its step), a layout or another attestation.
 */
function metadataType(
  file: SignedFile,
  path: string,
  context: CommandContext,
): { type: string; stepName?: string } {
  const warnings: string[] = [];
  const type = file.payload._type;
  let result: { type: string; stepName?: string };
  if (type === "layout") {
    checkDsseLayoutExpires(file, path);
    const layout = validateLayout(file.payload, { source: path, warnings });
    const expiry = expiryWarning(layout.expires, new Date());
    if (expiry !== undefined) warnings.push(`Layout "${path}" ${expiry}`);
    result = { type };
  } else if (
    type === "link" ||
    (type === STATEMENT_TYPE &&
      file.payload.predicateType === LINK_PREDICATE_TYPE)
  ) {
    const { link } = linkOfFile(file, { source: path, warnings });
    result = {
      type: type === "link" ? "link" : "link attestation",
      stepName: link.name,
    };
  } else if (type === STATEMENT_TYPE) {
    checkStatementFormat(file, path);
    validateStatement(file.payload, { source: path });
    result = { type: "attestation" };
  } else {
    throw new IntotoError(
      "INVALID_METADATA",
      `Cannot sign "${path}": "_type" must be "link", "layout" or "${STATEMENT_TYPE}"`,
    );
  }
  for (const warning of warnings) context.warn(warning);
  return result;
}

/** How soon before expiry signing a layout warns. */
const EXPIRY_WARNING_DAYS = 30;

/**
 * Why a layout that expires at `expires` is worth a warning at `now`: it
 * has expired, or expires within {@linkcode EXPIRY_WARNING_DAYS} days.
 */
function expiryWarning(expires: string, now: Date): string | undefined {
  const left = parseExpires(expires, `"expires"`).getTime() - now.getTime();
  if (left <= 0) {
    return `expired on ${expires}: verify will refuse it; set a later "expires" before signing`;
  }
  const days = left / 86_400_000;
  if (days > EXPIRY_WARNING_DAYS) return undefined;
  const shown = days < 1 ? "less than a day" : `${Math.floor(days)} days`;
  return `expires on ${expires}, in ${shown}`;
}

async function verifyFile(
  file: SignedFile,
  keys: [string, PublicKey][],
  context: CommandContext,
): Promise<number> {
  for (const [path, publicKey] of keys) {
    const verified = await verifiedKeys(file, [publicKey]);
    if (verified.length === 0) {
      throw new IntotoError(
        "SIGNATURE_INVALID",
        `Signature verification failed for key "${path}" (keyid ${publicKey.keyid}): no valid signature by this key`,
      );
    }
    context.info(
      `Signature verification passed for key "${path}" (keyid ${publicKey.keyid})`,
    );
  }
  return 0;
}
