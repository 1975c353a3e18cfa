// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto layout lint FILE [--json]`: reports common mistakes in a layout,
 * signed or not, as errors and warnings; exits 1 when there is an error.
 *
 * @module
 */

import { type LintFinding, lintLayout } from "../authoring/lint.ts";
import { formatPythonJson } from "../json/python.ts";
import type { JsonValue } from "../json/parse.ts";
import { readSignedFile } from "../model/signed_file.ts";
import { flagOption, positionalArgs } from "./args.ts";
import type { CommandSpec } from "./command.ts";
import { oneLine } from "./output.ts";
import type { OptionTable } from "./option_table.ts";

const HELP = `intoto layout lint: report common mistakes in a layout

USAGE
  intoto layout lint FILE [--json]

  Checks a layout, signed or not, without any links, and prints one line
  per finding: "error[CHECK] PATH: MESSAGE" or "warning[CHECK] ...".
  Errors are mistakes that make the layout fail or protect less than it
  says; warnings are likely mistakes.

  CHECK is one of:
    shadowed-rule        a rule that can never match (an earlier "ALLOW *"
                         consumed all it selects) or never applies
    no-final-disallow    a rule list that does not end with "DISALLOW *"
    threshold            a threshold larger than the number of keys
    missing-key          a step names a key the layout does not list
    unused-key           a key no step uses
    expiry               expired, or more than two years out
    unclean-pattern      "./x", "/x", "a/../b", "a//b", "dir/": never match
    match-unknown-step   MATCH names no step or inspection of the layout
    match-later-step     MATCH names a step that runs later
    unconsumed-product   a CREATE or MODIFY product no later MATCH checks
    inspection-command   an inspection's program is not found on PATH
    invalid-rule         a rule that does not parse
    invalid-layout       anything else verification rejects

EXIT CODES
  0 no errors (warnings allowed); 1 errors found; 2 unreadable or no layout

EXAMPLES
  intoto layout lint root.layout
  intoto layout lint root.layout --json | jq '.findings[].check'`;

const OPTIONS = {
  json: {
    type: "boolean",
    description:
      'Print {"file", "errors", "warnings", "findings"} with each finding\'s severity, check, path, step or inspection, rule and message',
  },
} as const satisfies OptionTable;

/** `intoto layout lint`. */
export const command: CommandSpec<typeof OPTIONS> = {
  name: "layout lint",
  summary: "Report common mistakes in a layout",
  help: HELP,
  options: OPTIONS,
  // env: PATH, to look up inspection commands.
  permissions: ["read", "env"],
  async main(args, context) {
    const [path] = positionalArgs(args, command, ["FILE"]);
    const file = await readSignedFile(path);
    const findings = await lintLayout(file.payload, { source: path });
    const errors = findings.filter((finding) => finding.severity === "error");
    const warnings = findings.length - errors.length;
    if (flagOption(args, "json")) {
      context.print(formatPythonJson({
        file: path,
        errors: errors.length,
        warnings,
        findings: findings as unknown as JsonValue[],
      }, { indent: 2 }));
    } else {
      for (const finding of findings) context.print(findingLine(finding));
      context.info(
        `${path}: ${errors.length} error(s), ${warnings} warning(s)`,
      );
    }
    return errors.length > 0 ? 1 : 0;
  },
};

/** One finding as a line: `error[check] path: message`. */
function findingLine(finding: LintFinding): string {
  const where = finding.path === "" ? "" : ` ${finding.path}`;
  return oneLine(
    `${finding.severity}[${finding.check}]${where}: ${finding.message}`,
  );
}
