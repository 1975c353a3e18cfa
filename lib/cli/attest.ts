// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto attest verify -a ATTESTATION -k KEY... [FILES...]`: checks one
 * in-toto attestation (a Statement v1 in a DSSE envelope) against trusted
 * keys and local files.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { HASH_ALGORITHMS, hashFile } from "../artifacts/hash.ts";
import { setOwn } from "../json/parse.ts";
import type { ArtifactMap } from "../model/link.ts";
import { readFileBytes, statRegularFile } from "../io.ts";
import type { Statement } from "../model/statement.ts";
import { checkSubjects, verifyAttestation } from "../verify/attestation.ts";
import type { PublicKey } from "../crypto/key.ts";
import {
  flagOption,
  requiredOption,
  stringOption,
  usageError,
} from "./args.ts";
import { defined } from "./defined.ts";
import type { CommandSpec, ParsedArgs } from "./command.ts";
import {
  type KeyFile,
  keyFiles,
  type KeyOptionNames,
  loadKeyFile,
} from "./key_options.ts";
import { listNote } from "./help.ts";
import type { OptionName, OptionTable } from "./option_table.ts";
import { TRUSTED_ROOT_OPTION } from "./attest_trusted_root.ts";

const HELP =
  `intoto attest verify: check an in-toto attestation against keys and files

USAGE
  intoto attest verify -a ATTESTATION [FILE...] -k KEY... [--threshold N]
                       [--predicate-type URI] [--match-by-digest] [-- FILE...]
  intoto attest verify --bundle BUNDLE POLICY [--trusted-root FILE]
                       [--predicate-type URI] [--json] -- ARTIFACT...

  ATTESTATION is a DSSE envelope of type "application/vnd.in-toto+json"
  whose payload is an in-toto Statement v1. It passes when at least N
  distinct keys among KEY signed it (a signature's keyid is only a hint),
  its predicate type is URI (when given), and each FILE's digest matches the
  subject of the same name (FILE as given, without a leading "./"). The
  predicate type is printed on stdout.

  With --bundle, BUNDLE is a Sigstore bundle (v0.1 to v0.3: GitHub
  attestations, npm provenance, cosign) verified offline against the
  embedded Sigstore public-good root (see "intoto attest trusted-root"):
  certificate chain at signing time, SCTs, transparency-log entry,
  timestamps, signature, then POLICY, then each ARTIFACT (a file or
  sha256:HEX) against the statement's subjects. POLICY is required:
    --certificate-identity ID | --certificate-identity-regexp RE
      with --certificate-oidc-issuer ISS | --certificate-oidc-issuer-regexp RE
    --repo OWNER/NAME, --signer-workflow OWNER/NAME/PATH[@REF] (GitHub)
    -k KEY (a bundle signed with a key)
  Regular expressions must match the whole value.

EXIT CODES
  0 verified; 1 a signature, type or subject check failed; 2 bad input

EXAMPLES
  intoto attest verify -a build.8511f2ac.link -k bob.pub -- dist/app.tar.gz
  intoto attest verify -a provenance.json -k builder.pub \\
    --predicate-type https://slsa.dev/provenance/v1 -- app.tar.gz
  intoto attest verify --bundle app.sigstore.json --repo octo/app \\
    --signer-workflow octo/app/.github/workflows/release.yml -- app.tar.gz`;

/** attest verify's key option: the trusted keys. */
const TRUSTED_KEYS: KeyOptionNames<OptionName<typeof OPTIONS>> = {
  legacy: "key",
  what: "trusted key",
};

const OPTIONS = {
  attestation: {
    type: "string",
    short: "a",
    value: "FILE",
    description: "The attestation (required)",
  },
  key: {
    type: "string",
    short: "k",
    multiple: true,
    value: "KEY",
    description: "Trusted public keys, PEM or securesystemslib JSON (required)",
  },
  threshold: {
    type: "string",
    value: "N",
    description: "Distinct keys that must have signed",
    default: "1",
  },
  "predicate-type": {
    type: "string",
    value: "URI",
    description:
      "The predicate type required, such as https://slsa.dev/provenance/v1",
  },
  "match-by-digest": {
    type: "boolean",
    description:
      "Match each FILE against any subject by digest, ignoring subject names",
  },
  bundle: {
    type: "string",
    value: "FILE",
    description: "A Sigstore bundle to verify instead of -a",
  },
  ...TRUSTED_ROOT_OPTION,
  "certificate-identity": {
    type: "string",
    value: "ID",
    description: "The signer's certificate identity (SAN)",
  },
  "certificate-identity-regexp": {
    type: "string",
    value: "RE",
    description:
      "A regular expression the whole certificate identity must match",
  },
  "certificate-oidc-issuer": {
    type: "string",
    value: "ISS",
    description: "The signer's OIDC issuer",
  },
  "certificate-oidc-issuer-regexp": {
    type: "string",
    value: "RE",
    description: "A regular expression the whole OIDC issuer must match",
  },
  repo: {
    type: "string",
    value: "OWNER/NAME",
    description: "The GitHub source repository (Fulcio extension)",
  },
  "signer-workflow": {
    type: "string",
    value: "OWNER/NAME/PATH[@REF]",
    description: "The GitHub workflow that signed",
  },
  json: {
    type: "boolean",
    description: "Print the verified statement and facts as JSON",
  },
} as const satisfies OptionTable;

/** `intoto attest verify`. */
export const command: CommandSpec<typeof OPTIONS> = {
  name: "attest verify",
  summary: "Check an in-toto attestation against keys and local files",
  help: HELP,
  optionNotes: `${
    listNote("k").slice(0, -1)
  }, so give each FILE before the options or after "--".`,
  options: OPTIONS,
  permissions: ["read"],
  async main(args, context) {
    if (stringOption(args, "bundle") !== undefined) {
      for (
        const name of ["attestation", "threshold", "match-by-digest"] as const
      ) {
        if (args.values[name] !== undefined) {
          throw usageError(
            command,
            `option "--${name}" does not apply to --bundle`,
          );
        }
      }
      const { verifyBundleCommand } = await import("./attest_bundle.ts");
      return await verifyBundleCommand(args, context, command);
    }
    const path = requiredOption(args, command, "attestation");
    for (
      const name of ["trusted-root", "repo", "signer-workflow", "json"] as const
    ) {
      if (args.values[name] !== undefined) {
        throw usageError(command, `option "--${name}" needs --bundle`);
      }
    }
    const trusted = keyFiles(args, command, TRUSTED_KEYS);
    const threshold = parseThreshold(stringOption(args, "threshold"));
    const predicateType = stringOption(args, "predicate-type");
    const keyPaths = new Map<PublicKey, string>();
    for (const file of trusted) {
      keyPaths.set(await loadKey(file, args), file.path);
    }
    const keys = [...keyPaths.keys()];
    const { statement, signers } = await verifyAttestation(
      await readFileBytes(path),
      {
        keys,
        source: path,
        ...defined({ threshold, predicateType }),
      },
    );
    const signedBy = signers.map((key) => `"${keyPaths.get(key)}"`);
    context.info(`Attestation "${path}" is signed by ${signedBy.join(", ")}`);
    const files = [...args.positionals, ...args.rest];
    if (files.length === 0) {
      context.info("No files given: checked the signature and types only");
    }
    const artifacts = await hashFiles(files, statement);
    const matches = checkSubjects(statement, artifacts, {
      source: path,
      matchByDigest: flagOption(args, "match-by-digest"),
    });
    for (const { name, subjects } of matches) {
      const names = subjects.map((subject) => subject.name ?? "(unnamed)");
      context.info(`"${name}" matches subject "${names.join('", "')}"`);
    }
    context.print(statement.predicateType);
    return 0;
  },
};

/**
 * Loads a `-k` key; when it is not a key at all and no FILE came before the
 * options, the user most likely meant it as a FILE that the list swallowed.
 */
async function loadKey(file: KeyFile, args: ParsedArgs): Promise<PublicKey> {
  const { path } = file;
  try {
    return await loadKeyFile(file);
  } catch (error) {
    if (
      error instanceof IntotoError && error.code === "INVALID_KEY" &&
      args.positionals.length === 0
    ) {
      throw new IntotoError(
        "INVALID_KEY",
        `${error.message}; if "${path}" is a file to check, give it before the options or after "--" (every argument after "-k" is a key)`,
        { cause: error },
      );
    }
    throw error;
  }
}

function parseThreshold(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(text)) {
    throw usageError(
      command,
      `option "--threshold" needs a whole number of at least 1, not "${text}"`,
    );
  }
  return Number(text);
}

/**
 * Hashes each file (a regular file: a FIFO or a device would block or never
 * end), in one pass, with sha256 and every other algorithm the
 * statement's subjects use that intoto computes.
 */
async function hashFiles(
  paths: readonly string[],
  statement: Statement,
): Promise<ArtifactMap> {
  const algorithms = new Set(["sha256"]);
  for (const subject of statement.subject) {
    for (const name of Object.keys(subject.digest)) {
      if (HASH_ALGORITHMS.includes(name)) algorithms.add(name);
    }
  }
  const artifacts: ArtifactMap = {};
  for (const path of paths) {
    const name = path.replace(/^(?:\.\/)+/, "");
    if (Object.hasOwn(artifacts, name)) {
      throw usageError(command, `file "${path}" is given twice`);
    }
    await statRegularFile(path);
    setOwn(artifacts, name, await hashFile(path, [...algorithms]));
  }
  return artifacts;
}
