// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A subcommand's `--help`: its hand-written title, USAGE and EXAMPLES, with
 * the OPTIONS and COMMON OPTIONS sections written from its option table.
 *
 * @module
 */

import type { CommandSpec } from "./command.ts";
import {
  COMMON_OPTIONS,
  describeOption,
  optionSynopsis,
  type OptionTable,
} from "./option_table.ts";

/** The widest help line. */
const HELP_WIDTH = 80;

/** Option synopses wider than this go on a line of their own. */
const MAX_SYNOPSIS = 24;

/** Between an option's synopsis and its description. */
const GAP = 2;

/**
 * The lines of an OPTIONS section: each option's synopsis, then its
 * description wrapped in a column after the widest synopsis (a wider one
 * stands on its own line above its description).
 *
 * @param table The options.
 * @returns The lines, indented by two, without the section title.
 *
 * @example Usage
 * ```ts
 * import { optionsHelp } from "./help.ts";
 * import assert from "node:assert/strict";
 * const table = {
 *   file: { type: "string", short: "f", value: "FILE", description: "The file" },
 *   force: { type: "boolean", description: "Overwrite it" },
 * } as const;
 * assert.deepEqual(optionsHelp(table), [
 *   "  -f, --file FILE  The file",
 *   "  --force          Overwrite it",
 * ]);
 * ```
 */
export function optionsHelp(table: OptionTable): string[] {
  const entries = Object.entries(table).map(([name, spec]) => ({
    synopsis: optionSynopsis(name, spec),
    description: describeOption(spec),
  }));
  const width = Math.max(
    0,
    ...entries.map(({ synopsis }) => synopsis.length).filter((length) =>
      length <= MAX_SYNOPSIS
    ),
  );
  const indent = " ".repeat(2 + width + GAP);
  const lines: string[] = [];
  for (const { synopsis, description } of entries) {
    const [first = "", ...more] = wrap(description, HELP_WIDTH - indent.length);
    if (synopsis.length > width) lines.push(`  ${synopsis}`, indent + first);
    else lines.push(`  ${synopsis.padEnd(width + GAP)}${first}`);
    lines.push(...more.map((line) => indent + line));
  }
  return lines;
}

/**
 * `text` broken at spaces into lines of at most `width` characters; a
 * quoted phrase ("gpg --export") is kept on one line, and a longer word
 * or phrase stands alone.
 *
 * @param text Words.
 * @param width The widest line.
 * @returns The lines.
 */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.match(/"[^"]*"\S*|\S+/g) ?? []) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

/**
 * A subcommand's full help: its `help` up to EXIT CODES or EXAMPLES, the
 * OPTIONS section from its table (and its `optionNotes`), the COMMON
 * OPTIONS, then the rest of its `help`.
 *
 * @param command The subcommand.
 * @returns The text `intoto <name> --help` prints.
 */
export function commandHelp(command: CommandSpec): string {
  const help = command.help.trimEnd();
  const after = /\n\n(?:EXIT CODES|EXAMPLES)\n/.exec(help)?.index ??
    help.length;
  const own = Object.keys(command.options).length === 0
    ? ["  Only the common options."]
    : optionsHelp(command.options);
  const notes = command.optionNotes === undefined
    ? []
    : ["", command.optionNotes.trimEnd()];
  return [
    help.slice(0, after),
    "",
    "OPTIONS",
    ...own,
    ...notes,
    "",
    "COMMON OPTIONS",
    ...optionsHelp(COMMON_OPTIONS),
  ].join("\n") + help.slice(after);
}

/**
 * The note below the options of a command with lists: how to give one.
 *
 * @param short The short flag of one of its lists, as an example (`m`).
 * @returns The paragraph, indented by two.
 */
export function listNote(short: string): string {
  return `  Lists take several values after one flag (-${short} a b) or a repeated flag
  (-${short} a -${short} b).`;
}
