// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto run -n NAME -k KEY [-m PATH...] [-p PATH...] -- COMMAND...`:
 * records a step's materials, runs its command, records its products and
 * writes the signed link `<name>.<keyid8>.link`, as in-toto-run does. Also
 * the options `record`, `mock` and `match-products` share with it.
 *
 * @module
 */

import type { ParseArgsOptionsConfig } from "node:util";
import { checkDirectory } from "../io.ts";
import type { Signer } from "../crypto/key.ts";
import { checkStepName } from "../record/names.ts";
import { ProgressLine } from "./progress.ts";
import { type ArtifactOptions, runStep } from "../record/run.ts";
import { type LinkFormat, writeLink } from "../record/write.ts";
import {
  checkChoice,
  flagOption,
  listOption,
  requiredOption,
  secondsOption,
  stringOption,
  usageError,
} from "./args.ts";
import type { CommandContext, CommandSpec, ParsedArgs } from "./command.ts";
import {
  keyOptions,
  loadSigners,
  PASSWORD_OPTIONAL_VALUES,
  PASSWORD_OPTIONS,
  SIGNING_KEYS,
} from "./key_options.ts";
import { GPG_SIGN_HELP, gpgSignOptions } from "./gpg_options.ts";
import { CERT_HELP, CERT_OPTIONS } from "./cert_options.ts";

/** Options of every command that records artifacts. */
export const ARTIFACT_OPTIONS: ParseArgsOptionsConfig = {
  exclude: { type: "string", multiple: true },
  "base-path": { type: "string" },
  "lstrip-paths": { type: "string", multiple: true },
  "follow-symlink-dirs": { type: "boolean" },
  "normalize-line-endings": { type: "boolean" },
  hash: { type: "string" },
};

/** Help lines for {@linkcode ARTIFACT_OPTIONS}. */
export const ARTIFACT_HELP =
  `  --exclude PATTERN...     gitignore-style patterns of paths not to record;
                           they replace the defaults "*.link*", ".git",
                           "*.pyc", "*~"
  --base-path DIR          Record paths relative to DIR (DIR is not part of
                           the recorded names)
  --lstrip-paths PREFIX... Remove the first matching prefix from recorded
                           names
  --follow-symlink-dirs    Descend into symlinked folders that stay inside
                           the recorded folder (loops are detected)
  --normalize-line-endings Hash files with CRLF and CR turned into LF
  --hash ALG[,ALG]         Hash algorithms: sha256 (default), sha384, sha512,
                           sha224`;

/**
 * The options every command that records and signs a step takes (run,
 * record start and stop): the step name, one signing key and its password,
 * and {@linkcode ARTIFACT_OPTIONS}.
 */
export const SIGNED_STEP_OPTIONS: ParseArgsOptionsConfig = {
  "step-name": { type: "string", short: "n" },
  ...keyOptions(SIGNING_KEYS, { multiple: false }),
  ...gpgSignOptions({ multiple: false }),
  ...PASSWORD_OPTIONS,
  ...CERT_OPTIONS,
  ...ARTIFACT_OPTIONS,
};

/** The options choosing the format of a link. */
export const FORMAT_OPTIONS: ParseArgsOptionsConfig = {
  "use-dsse": { type: "boolean" },
  attest: { type: "boolean" },
};

/** Help lines for {@linkcode FORMAT_OPTIONS}. */
export const FORMAT_HELP =
  `  --use-dsse               Write a DSSE envelope instead of the traditional
                           {"signed", "signatures"} format
  --attest                 Write an in-toto attestation instead: a Statement
                           v1 with the link predicate v0.3 in a DSSE
                           envelope (products as subjects), under the same
                           file name; "intoto verify" takes it for the step`;

/** Help lines for the key options and {@linkcode FORMAT_OPTIONS}. */
export const KEY_HELP =
  `  --signing-key KEY        Private key (PKCS#8 PEM); the link carries its
                           keyid as in-toto 3 computes it
  -k, --key KEY            Private key, keyid as in-toto 1.3.1 computes it
                           (PEM, or a securesystemslib JSON key file)
  -t, --key-type TYPE      rsa, ed25519 or ecdsa, when the key file does not
                           tell
  -P, --password [PW]      The password of an encrypted key; -P alone asks
                           for it without echo (PW on the command line is
                           visible to other users: a warning says so)
  --prompt                 Ask for the password (also asked on a terminal
                           when the key turns out to be encrypted)
  --password-env NAME      Take the password from environment variable NAME
  --password-file FILE     Take the password from the first line of FILE
${GPG_SIGN_HELP}
${CERT_HELP}
${FORMAT_HELP}`;

const HASHES = ["sha224", "sha256", "sha384", "sha512"] as const;

const HELP = `intoto run: record a supply chain step and sign its link

USAGE
  intoto run -n NAME (-k KEY | --signing-key KEY | -g [KEYID])
             [-m PATH...] [-p PATH...] [-s] [options] -- COMMAND [ARG...]
  intoto run -n NAME (-k KEY | --signing-key KEY) -m PATH... -x

  Records the materials, runs COMMAND (no shell; a bare name is looked up
  in the absolute PATH entries only), records the products, and writes the
  signed link "<NAME>.<keyid prefix>.link". The command's exit code is
  recorded, not judged: a failing command still gives a link.

  Artifacts are named by their paths as given (after --base-path and
  --lstrip-paths). Give paths inside the working directory: verify refuses
  absolute names and names with "..", and run warns when it records one.

OPTIONS
  -n, --step-name NAME     The step's name in the layout (required)
  -m, --materials PATH...  Files and folders to record before the command
  -p, --products PATH...   Files and folders to record after the command
  -s, --record-streams     Record the command's stdout and stderr (they are
                           shown either way)
  -x, --no-command         Run nothing: command [] and no byproducts
  --run-timeout SECONDS    Kill the command after SECONDS (default 10)
  -d, --metadata-directory DIR
                           Write the link to DIR instead of here (an
                           existing folder, checked before anything runs)
${KEY_HELP}
${ARTIFACT_HELP}

  Lists take several values after one flag (-m a b) or a repeated flag
  (-m a -m b).

EXAMPLES
  intoto run -n build -k alice -m src -p dist -- make dist
  intoto run -n package --signing-key bob.pem -P "$PASSWORD" -m dist \\
    -p app.tar.gz -- tar czf app.tar.gz dist
  intoto run -n review -k carl -m src -x      # record only, run nothing`;

/** `intoto run`. */
export const command: CommandSpec = {
  name: "run",
  summary: "Record a supply chain step and sign its link",
  help: HELP,
  options: {
    ...SIGNED_STEP_OPTIONS,
    materials: { type: "string", short: "m", multiple: true },
    products: { type: "string", short: "p", multiple: true },
    "record-streams": { type: "boolean", short: "s" },
    "no-command": { type: "boolean", short: "x" },
    "run-timeout": { type: "string" },
    "metadata-directory": { type: "string", short: "d" },
    ...FORMAT_OPTIONS,
  },
  optionalValues: [...PASSWORD_OPTIONAL_VALUES, "gpg"],
  permissions: ["read", "write", "run", "env"],
  async main(args, context) {
    const argv = stepCommand(args, command);
    const timeout = timeoutOption(args, command);
    const { signer, ...step } = await signedStepOptions(args, command, context);
    const format = formatOption(args, command);
    const directory = await metadataDirectoryOption(args);
    const link = await runStep({
      ...step,
      materials: listOption(args, "materials"),
      products: listOption(args, "products"),
      command: argv,
      recordStreams: flagOption(args, "record-streams"),
      quiet: context.quiet,
      ...(timeout === undefined ? {} : { timeout }),
    });
    const path = await writeLink(link, {
      signer,
      format,
      ...(directory === undefined ? {} : { directory }),
    });
    context.info(
      `Wrote "${path}": ${count(link.materials, "material")}, ${
        count(link.products, "product")
      }`,
    );
    return 0;
  },
};

/** "1 material", "2 products". */
function count(artifacts: object, noun: string): string {
  const n = Object.keys(artifacts).length;
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/**
 * The checked `-n/--step-name`.
 *
 * @param args Parsed arguments.
 * @param spec The subcommand, for messages.
 * @returns The step name.
 * @throws {IntotoError} `USAGE` when missing or not safe as a file name.
 */
export function stepNameOption(
  args: ParsedArgs,
  spec: CommandSpec,
): string {
  const name = requiredOption(args, spec, "step-name");
  checkStepName(name);
  return name;
}

/**
 * The step command: after `--` (or, like argparse, positionals), checked
 * against `-x/--no-command`.
 *
 * @param args Parsed arguments.
 * @param spec The subcommand, for messages.
 * @returns The command, or `[]` with `--no-command`.
 * @throws {IntotoError} `USAGE` when missing or given twice.
 */
export function stepCommand(args: ParsedArgs, spec: CommandSpec): string[] {
  if (args.positionals.length > 0 && args.rest.length > 0) {
    throw usageError(
      spec,
      `unexpected argument "${args.positionals[0]}" before "--"`,
    );
  }
  // Like argparse, a command without "--" is accepted.
  const argv = args.rest.length > 0 ? args.rest : args.positionals;
  if (flagOption(args, "no-command")) {
    if (argv.length > 0) {
      throw usageError(
        spec,
        'option "-x/--no-command" excludes a command after "--"',
      );
    }
    return [];
  }
  if (argv.length === 0) {
    throw usageError(
      spec,
      spec.options["no-command"] === undefined
        ? 'missing step command: give it after "--"'
        : 'missing step command: give it after "--", or pass "-x/--no-command"',
    );
  }
  return argv;
}

/**
 * The `-d/--metadata-directory` folder, checked to exist before anything
 * runs, so that a step never runs only to fail writing its link.
 *
 * @param args Parsed arguments.
 * @returns The folder, or undefined for the working directory.
 * @throws {IntotoError} `FILE_NOT_FOUND`, `PERMISSION_DENIED` or `IO_ERROR`
 * when it is missing or not a folder.
 */
export async function metadataDirectoryOption(
  args: ParsedArgs,
): Promise<string | undefined> {
  const directory = stringOption(args, "metadata-directory");
  if (directory !== undefined) {
    await checkDirectory(directory, "write the link to");
  }
  return directory;
}

/**
 * The checked `--run-timeout`, in seconds.
 *
 * @param args Parsed arguments.
 * @param spec The subcommand, for messages.
 * @returns The seconds, or undefined for the default.
 * @throws {IntotoError} `USAGE` unless a number of seconds a timer can wait.
 */
export function timeoutOption(
  args: ParsedArgs,
  spec: CommandSpec,
): number | undefined {
  return secondsOption(args, "run-timeout", spec);
}

/**
 * The recording options from {@linkcode ARTIFACT_OPTIONS}, with warnings
 * and a progress line going to the context.
 *
 * @param args Parsed arguments.
 * @param spec The subcommand, for messages.
 * @param context Where warnings go.
 * @returns Options for `recordPaths` and the commands built on it.
 * @throws {IntotoError} `USAGE` for an unknown hash algorithm.
 */
export function artifactOptions(
  args: ParsedArgs,
  spec: CommandSpec,
  context: CommandContext,
): ArtifactOptions {
  const options: ArtifactOptions = {
    followSymlinkDirs: flagOption(args, "follow-symlink-dirs"),
    normalizeLineEndings: flagOption(args, "normalize-line-endings"),
    warn: (message) => context.warn(message),
  };
  if (!context.quiet) {
    options.progress = (label) => new ProgressLine(`Recording ${label}`);
  }
  const basePath = stringOption(args, "base-path");
  if (basePath !== undefined) options.basePath = basePath;
  if (args.values.exclude !== undefined) {
    options.excludes = listOption(args, "exclude");
  }
  if (args.values["lstrip-paths"] !== undefined) {
    options.lstripPaths = listOption(args, "lstrip-paths");
  }
  const hash = stringOption(args, "hash");
  if (hash !== undefined) {
    options.algorithms = [
      ...new Set(
        hash.split(",").map((item) =>
          checkChoice(item.trim(), spec, { name: "hash", choices: HASHES })
        ),
      ),
    ];
  }
  return options;
}

/**
 * The values of {@linkcode SIGNED_STEP_OPTIONS}: the checked step name, the
 * recording options (as {@linkcode artifactOptions}) and the signer,
 * loaded last, as `loadSigners` loads it, so that usage errors come before
 * a password prompt.
 *
 * @param args Parsed arguments.
 * @param spec The subcommand, for messages.
 * @param context Where warnings go.
 * @returns Options for `runStep`, `recordStart` and `recordStop`.
 * @throws {IntotoError} What `stepNameOption`, `artifactOptions` and
 * `loadSigners` throw.
 */
export async function signedStepOptions(
  args: ParsedArgs,
  spec: CommandSpec,
  context: CommandContext,
): Promise<ArtifactOptions & { name: string; signer: Signer }> {
  const name = stepNameOption(args, spec);
  const artifacts = artifactOptions(args, spec, context);
  const [signer] = await loadSigners(args, spec, context);
  return { ...artifacts, name, signer: signer! };
}

/**
 * `attestation` with `--attest`, `dsse` with `--use-dsse`, else
 * `metablock` (or `undefined` for a command that keeps an earlier format).
 *
 * @param args Parsed arguments.
 * @param spec The subcommand, for messages.
 * @returns The format to write.
 * @throws {IntotoError} `USAGE` when both flags are given.
 */
export function formatOption(
  args: ParsedArgs,
  spec: CommandSpec,
): LinkFormat {
  const dsse = flagOption(args, "use-dsse");
  if (!flagOption(args, "attest")) return dsse ? "dsse" : "metablock";
  if (dsse) {
    throw usageError(
      spec,
      'options "--attest" and "--use-dsse" exclude each other: an attestation is always a DSSE envelope',
    );
  }
  return "attestation";
}

/**
 * Refuses positional arguments, for commands that take none.
 *
 * @param args Parsed arguments.
 * @param spec The subcommand, for messages.
 * @throws {IntotoError} `USAGE` naming the first one.
 */
export function noPositionals(args: ParsedArgs, spec: CommandSpec): void {
  const extra = args.positionals[0] ?? args.rest[0];
  if (extra !== undefined) {
    throw usageError(spec, `unexpected argument "${extra}"`);
  }
}
