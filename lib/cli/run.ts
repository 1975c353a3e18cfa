// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto run -n NAME -k KEY [-m PATH...] [-p PATH...] -- COMMAND...`:
 * records a step's materials, runs its command, records its products and
 * writes the signed link `<name>.<keyid8>.link`, as in-toto-run does. Also
 * the options `record`, `mock` and `match-products` share with it.
 *
 * @module
 */

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
import { defined } from "./defined.ts";
import type { CommandContext, CommandSpec, ParsedArgs } from "./command.ts";
import {
  loadSigners,
  PASSWORD_OPTIONS,
  SIGNING_KEY_OPTIONS,
} from "./key_options.ts";
import { GPG_SIGN_OPTIONS } from "./gpg_options.ts";
import { CERT_OPTIONS } from "./cert_options.ts";
import type { OptionTable } from "./option_table.ts";
import { listNote } from "./help.ts";
import { DEFAULT_RUN_TIMEOUT } from "../process/command.ts";

/** Options of every command that records artifacts. */
export const ARTIFACT_OPTIONS = {
  exclude: {
    type: "string",
    multiple: true,
    value: "PATTERN",
    description:
      'gitignore-style patterns of paths not to record; they replace the defaults "*.link*", ".git", "*.pyc", "*~"',
  },
  "base-path": {
    type: "string",
    value: "DIR",
    description:
      "Record paths relative to DIR (DIR is not part of the recorded names)",
  },
  "lstrip-paths": {
    type: "string",
    multiple: true,
    value: "PREFIX",
    description: "Remove the first matching prefix from recorded names",
  },
  "follow-symlink-dirs": {
    type: "boolean",
    description:
      "Descend into symlinked folders that stay inside the recorded folder (loops are detected)",
  },
  "normalize-line-endings": {
    type: "boolean",
    description: "Hash files with CRLF and CR turned into LF",
  },
  hash: {
    type: "string",
    value: "ALG[,ALG]",
    description: "Hash algorithms: sha256 (default), sha384, sha512, sha224",
  },
} as const satisfies OptionTable;

/** `-n/--step-name NAME`, required by run and record. */
export const STEP_NAME_OPTION = {
  "step-name": {
    type: "string",
    short: "n",
    value: "NAME",
    description: "The step's name in the layout (required)",
  },
} as const satisfies OptionTable;

/** `--run-timeout SECONDS`, of run and mock. */
export const RUN_TIMEOUT_OPTION = {
  "run-timeout": {
    type: "string",
    value: "SECONDS",
    description: "Kill the command after SECONDS",
    default: String(DEFAULT_RUN_TIMEOUT),
  },
} as const satisfies OptionTable;

/** `-d/--metadata-directory DIR`, where run and record stop write. */
export const METADATA_DIRECTORY_OPTION = {
  "metadata-directory": {
    type: "string",
    short: "d",
    value: "DIR",
    description:
      "Write the link to DIR instead of here (an existing folder, checked before anything runs)",
  },
} as const satisfies OptionTable;

/** The options choosing the format of a link. */
export const FORMAT_OPTIONS = {
  "use-dsse": {
    type: "boolean",
    description:
      'Write a DSSE envelope instead of the traditional {"signed", "signatures"} format',
  },
  attest: {
    type: "boolean",
    description:
      'Write an in-toto attestation instead: a Statement v1 with the link predicate v0.3 in a DSSE envelope (products as subjects), under the same file name; "intoto verify" takes it for the step',
  },
} as const satisfies OptionTable;

/**
 * The key options of every command that records and signs a step (run,
 * record start and stop): one signing key, by file, gpg or certificate, and
 * its password.
 */
export const STEP_KEY_OPTIONS = {
  ...SIGNING_KEY_OPTIONS,
  ...PASSWORD_OPTIONS,
  ...GPG_SIGN_OPTIONS,
  ...CERT_OPTIONS,
} as const satisfies OptionTable;

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

EXAMPLES
  intoto run -n build -k alice -m src -p dist -- make dist
  intoto run -n package --signing-key bob.pem -P "$PASSWORD" -m dist \\
    -p app.tar.gz -- tar czf app.tar.gz dist
  intoto run -n review -k carl -m src -x      # record only, run nothing`;

const OPTIONS = {
  ...STEP_NAME_OPTION,
  materials: {
    type: "string",
    short: "m",
    multiple: true,
    value: "PATH",
    description: "Files and folders to record before the command",
  },
  products: {
    type: "string",
    short: "p",
    multiple: true,
    value: "PATH",
    description: "Files and folders to record after the command",
  },
  "record-streams": {
    type: "boolean",
    short: "s",
    description:
      "Record the command's stdout and stderr (they are shown either way)",
  },
  "no-command": {
    type: "boolean",
    short: "x",
    description: "Run nothing: command [] and no byproducts",
  },
  ...RUN_TIMEOUT_OPTION,
  ...METADATA_DIRECTORY_OPTION,
  ...STEP_KEY_OPTIONS,
  ...FORMAT_OPTIONS,
  ...ARTIFACT_OPTIONS,
} as const satisfies OptionTable;

/** `intoto run`. */
export const command: CommandSpec<typeof OPTIONS> = {
  name: "run",
  summary: "Record a supply chain step and sign its link",
  help: HELP,
  optionNotes: listNote("m"),
  options: OPTIONS,
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
      ...defined({ timeout }),
    });
    const path = await writeLink(link, {
      signer,
      format,
      ...defined({ directory }),
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
 * The values of {@linkcode STEP_NAME_OPTION}, {@linkcode STEP_KEY_OPTIONS}
 * and {@linkcode ARTIFACT_OPTIONS}: the checked step name, the
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
