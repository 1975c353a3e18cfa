// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto verify`: verifies a supply chain against its signed layout, like
 * `in-toto-verify`, stricter, and with a report of every stage.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { parseExpires } from "../model/date.ts";
import { checkDirectory, ioError, writeFileAtomic } from "../io.ts";
import { dirname, resolve } from "node:path";
import { chainGraph } from "../verify/chain_graph.ts";
import { GRAPH_FORMATS, type GraphFormat, graphText } from "./graph_text.ts";
import { reportHtml } from "./report_html.ts";
import { VERSION } from "./version.ts";
import {
  commandInspectionRunner,
  DEFAULT_INSPECTION_TIMEOUT,
} from "../verify/inspection.ts";
import { DEFAULT_LIMITS } from "../verify/limits.ts";
import { directoryLinkSource, readMetadataFile } from "../verify/load.ts";
import { parseParameters } from "../verify/parameters.ts";
import {
  describeReport,
  VerificationError,
  type VerificationReport,
} from "../verify/report.ts";
import { verifySupplyChain } from "../verify/verify.ts";
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
import { type KeyOptionNames, loadPublicKeys } from "./key_options.ts";
import { GPG_VERIFY_OPTIONS, loadGpgKeys } from "./gpg_options.ts";
import type { OptionName, OptionTable } from "./option_table.ts";

/** Whether key files are given besides GPG keyids. */
function hasKeyFiles(args: Args): boolean {
  return listOption(args, "layout-keys").length > 0 ||
    listOption(args, "verification-keys").length > 0;
}

const HELP = `intoto verify: verify a supply chain against its signed layout

USAGE
  intoto verify -l LAYOUT (--verification-keys KEY... | -k KEY... [-t TYPE...]
                | --gpg KEYID... [--gpg-home DIR])
                [--link-dir DIR] [--param NAME=VALUE...] [--at TIME]
                [--report json|FILE.html] [--graph mermaid|dot]

  Checks, in order: the layout's signatures (every key given must have
  signed it), its expiry, parameter substitution, the links of every step
  (<step>.<keyid8>.link, signed by enough distinct authorized keys, or by
  X.509 certificates that chain to the layout's rootcas and meet the step's
  cert_constraints, named for the step), sublayouts, the commands (warnings
  only), that all valid links of a step agree, the artifact rules of the
  steps, then the inspections and their rules. Inspections run without a
  shell in the working directory, which they may change; no link is written.

EXIT CODES
  0 verification passed; 1 verification failed; 2 bad input or usage

EXAMPLES
  intoto verify -l root.layout -k alice.pub
  intoto verify -l root.layout -k alice.pub --link-dir links/ --report json
  intoto verify -l root.layout -k alice.pub --report report.html
  intoto verify -l root.layout -k alice.pub --graph mermaid > chain.mmd
  intoto verify -l root.layout --verification-keys alice.pub \\
    --param VERSION=1.2.3
  intoto verify -l root.layout -k alice.pub --at 2031-01-01T00:00:00Z`;

/** verify's key options: the layout's signers. */
const LAYOUT_KEYS: KeyOptionNames<OptionName<typeof OPTIONS>> = {
  legacy: "layout-keys",
  modern: "verification-keys",
  type: "key-types",
  typed: "legacy",
  what: "layout key",
};

const OPTIONS = {
  layout: {
    type: "string",
    short: "l",
    value: "FILE",
    description: "The signed root layout",
  },
  "verification-keys": {
    type: "string",
    multiple: true,
    value: "KEY",
    description:
      "Public keys (PEM SPKI) of the layout's signers, keyids as in-toto 3 computes them",
  },
  "layout-keys": {
    type: "string",
    short: "k",
    multiple: true,
    value: "KEY",
    description:
      'Public keys as in-toto 1.3.1 takes them (PEM, securesystemslib JSON for ed25519/ecdsa, or a "gpg --export [-a]" key)',
  },
  "key-types": {
    type: "string",
    short: "t",
    multiple: true,
    value: "TYPE",
    description:
      "rsa, ed25519 or ecdsa: one per --layout-keys file, when the file does not tell",
  },
  gpg: {
    ...GPG_VERIFY_OPTIONS.gpg,
    description:
      "GPG keys of the layout's signers, read from the keyring in-process (no gpg needed): 8 to 40 hex characters of a key's fingerprint",
  },
  "gpg-home": GPG_VERIFY_OPTIONS["gpg-home"],
  "link-dir": {
    type: "string",
    value: "DIR",
    description: "Where the link files are",
    default: '"."',
  },
  at: {
    type: "string",
    value: "TIME",
    description:
      "Verify as of TIME (YYYY-MM-DDTHH:MM:SSZ, UTC) instead of now: the layout's expiry and the validity of functionaries' X.509 certificates",
  },
  param: {
    type: "string",
    multiple: true,
    value: "NAME=VALUE",
    description:
      "Values for {NAME} placeholders in the layout's rules, expected commands and inspections",
  },
  "inspection-timeout": {
    type: "string",
    value: "SEC",
    description: "Seconds before an inspection is killed",
    default: String(DEFAULT_INSPECTION_TIMEOUT),
  },
  "allow-sublayout-inspections": {
    type: "boolean",
    description:
      "Run the inspections of sublayouts (commands a functionary chose); without it they fail",
  },
  "max-metadata-files": {
    type: "string",
    value: "N",
    description: "Most layouts and links to load, sublayouts included",
    default: String(DEFAULT_LIMITS.maxFiles),
  },
  report: {
    type: "string",
    value: "json|FILE.html",
    description:
      "json: print the report of every stage, step and rule on stdout. FILE.html: write it as one self-contained HTML page (the chain as a graph, every step's links and rules, every artifact), whether verification passes or fails",
  },
  graph: {
    type: "string",
    value: "mermaid|dot",
    description:
      "Print the chain as a Mermaid or Graphviz graph on stdout, each step coloured by its result",
  },
} as const satisfies OptionTable;

/** verify's parsed command line. */
type Args = ParsedArgs<typeof OPTIONS>;

/** `intoto verify`. */
export const command: CommandSpec<typeof OPTIONS> = {
  name: "verify",
  summary: "Verify a supply chain against its signed layout",
  help: HELP,
  options: OPTIONS,
  permissions: ["read", "run", "env"],
  permissionsFor: (args) =>
    reportOption(args).html === undefined ? [] : ["write"],
  async main(args, context) {
    const layoutPath = requiredOption(args, command, "layout");
    const output: Output = {
      ...reportOption(args),
      ...graphOption(args),
      layout: layoutPath,
      context,
    };
    if (output.html !== undefined) {
      // Before verifying: a report that cannot be written must not hide
      // the result of a verification that ran its inspections.
      await checkDirectory(dirname(resolve(output.html)), "write the report in")
        .catch((error: IntotoError) => {
          throw new IntotoError(
            error.code,
            `${error.message}; give --report a file in an existing folder`,
            { cause: error },
          );
        });
    }
    const parameters = parseParameters(listOption(args, "param"));
    const timeout = inspectionTimeout(args);
    const maxFiles = countOption(args, "max-metadata-files");
    const at = timeOption(args);
    const gpgKeys = await loadGpgKeys(args);
    const layoutKeys = [
      ...(gpgKeys.length > 0 && !hasKeyFiles(args) ? [] : (await loadPublicKeys(
        args,
        command,
        LAYOUT_KEYS,
      )).map(({ key }) => key)),
      ...gpgKeys,
    ];
    const layout = await readMetadataFile(layoutPath);
    const linkDir = stringOption(args, "link-dir") ?? ".";
    await checkLinkDir(linkDir);
    let report: VerificationReport;
    try {
      report = await verifySupplyChain({
        layout,
        layoutKeys,
        links: directoryLinkSource(linkDir),
        source: layoutPath,
        parameters,
        runInspection: commandInspectionRunner({ timeout }),
        allowSublayoutInspections: flagOption(
          args,
          "allow-sublayout-inspections",
        ),
        ...(maxFiles === undefined ? {} : { limits: { maxFiles } }),
        ...defined({ now: at }),
      });
    } catch (error) {
      if (error instanceof VerificationError) {
        await tell(error.report, output);
      }
      throw error;
    }
    await tell(report, output);
    context.info(`PASSED: the supply chain verifies against "${layoutPath}"`);
    return 0;
  },
};

/** Where verify's report goes besides the exit code. */
interface Output {
  /** `--report json`. */
  json: boolean;
  /** `--report FILE.html`. */
  html?: string;
  /** `--graph`. */
  graph?: GraphFormat;
  /** The layout file, for the HTML report. */
  layout: string;
  context: CommandContext;
}

function tell(report: VerificationReport, output: Output): Promise<void> {
  const { context } = output;
  for (const warning of report.warnings) context.warn(warning);
  for (const line of describeReport(report)) context.debug(line);
  if (output.json) context.print(JSON.stringify(report, null, 2));
  if (output.graph !== undefined) {
    context.print(graphText(chainGraph(report), output.graph).trimEnd());
  }
  if (output.html === undefined) return Promise.resolve();
  return writeFileAtomic(
    output.html,
    reportHtml(report, {
      layout: output.layout,
      generated: new Date(),
      version: VERSION,
    }),
  ).then(() => context.info(`Wrote the report "${output.html}"`));
}

/** `--report json` or `--report FILE.html`. */
function reportOption(args: Args): { json: boolean; html?: string } {
  const value = stringOption(args, "report");
  if (value === undefined) return { json: false };
  if (value === "json") return { json: true };
  if (/\.html?$/i.test(value)) return { json: false, html: value };
  throw usageError(
    command,
    `invalid value "${value}" for option "--report": give "json" to print the report, or a file name ending in ".html" to write it as a page`,
  );
}

/** `--graph mermaid|dot`. */
function graphOption(args: Args): { graph?: GraphFormat } {
  const value = stringOption(args, "graph");
  if (value === undefined) return {};
  return {
    graph: checkChoice(value, command, {
      name: "graph",
      choices: GRAPH_FORMATS,
    }),
  };
}

/** A missing or wrong `--link-dir` is bad input, not a missing link. */
async function checkLinkDir(path: string): Promise<void> {
  let info: Deno.FileInfo;
  try {
    info = await Deno.stat(path);
  } catch (error) {
    throw ioError(error, "read link directory", path);
  }
  if (!info.isDirectory) {
    throw new IntotoError(
      "IO_ERROR",
      `Cannot read link directory "${path}": not a directory; pass the folder that holds the link files`,
    );
  }
}

/** A positive whole number option, such as `--max-metadata-files`. */
function countOption(
  args: Args,
  name: "max-metadata-files",
): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = /^[1-9][0-9]{0,8}$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(value)) {
    throw usageError(
      command,
      `invalid value "${text}" for option "--${name}": give a whole number from 1 to 999999999`,
    );
  }
  return value;
}

/** `--at TIME`: the moment to verify as of. */
function timeOption(args: Args): Date | undefined {
  const text = stringOption(args, "at");
  if (text === undefined) return undefined;
  try {
    return parseExpires(text, `value "${text}" of option "--at"`);
  } catch {
    throw usageError(
      command,
      `invalid value "${text}" for option "--at": give a UTC time as YYYY-MM-DDTHH:MM:SSZ, such as 2031-01-01T00:00:00Z`,
    );
  }
}

function inspectionTimeout(args: Args): number {
  return secondsOption(args, "inspection-timeout", command) ??
    DEFAULT_INSPECTION_TIMEOUT;
}
