// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A subcommand as data, for shell completions and the man page: its
 * options come from the option table that parses the flags and writes the
 * help's OPTIONS section; its synopsis, description and examples from the
 * hand-written USAGE and EXAMPLES sections of its help.
 *
 * @module
 */

import type { CommandSpec } from "./command.ts";
import {
  COMMON_OPTIONS,
  describeOption,
  type OptionSpec,
  valueName,
} from "./option_table.ts";

/** One option of a subcommand. */
export interface OptionDoc {
  /** The long name, without `--`. */
  name: string;
  /** The one-letter form, without `-`, if any. */
  short?: string;
  /** Whether it takes a value (a string option). */
  takesValue: boolean;
  /** Whether it may be given several values. */
  multiple: boolean;
  /** What the help calls its value, such as `FILE` or `KEY...`. */
  valueName: string;
  /** What the help says it does, on one line; empty when it says nothing. */
  description: string;
}

/** A subcommand, documented. */
export interface CommandDoc {
  /** As typed: `run`, `record start`. */
  name: string;
  /** One line. */
  summary: string;
  /** The synopsis lines at the top of its help's USAGE section. */
  usage: string[];
  /** The paragraphs below them, each on one line. */
  description: string[];
  /** The lines of its help's EXAMPLES section. */
  examples: string[];
  /** Its own options, then the common ones. */
  options: OptionDoc[];
  /** The paragraphs below its options in help, each on one line. */
  optionNotes: string[];
}

/** A section title of a help text, such as `USAGE`. */
const SECTION = /^[A-Z][A-Z ]+$/;

/**
 * Documents a subcommand from its option table and help text.
 *
 * @param command The subcommand.
 * @returns Its name, summary, usage and options.
 *
 * @example Usage
 * ```ts
 * import { commandDoc } from "./option_docs.ts";
 * import assert from "node:assert/strict";
 * const doc = commandDoc({
 *   name: "x", summary: "Do x", permissions: [], main: () => Promise.resolve(0),
 *   options: {
 *     file: { type: "string", short: "f", value: "FILE", description: "The file" },
 *   },
 *   help: "intoto x\n\nUSAGE\n  intoto x -f FILE\n",
 * });
 * assert.deepEqual(doc.options[0], {
 *   name: "file", short: "f", takesValue: true, multiple: false,
 *   valueName: "FILE", description: "The file",
 * });
 * assert.deepEqual(doc.usage, ["intoto x -f FILE"]);
 * assert.deepEqual(doc.description, []);
 * assert.deepEqual(doc.optionNotes, []);
 * ```
 */
export function commandDoc(command: CommandSpec): CommandDoc {
  const table = { ...command.options, ...COMMON_OPTIONS };
  return {
    name: command.name,
    summary: command.summary,
    ...usageParts(trimBlank(section(command.help, "USAGE"))),
    examples: trimBlank(section(command.help, "EXAMPLES")),
    options: Object.entries(table).map(([name, spec]) => optionDoc(name, spec)),
    optionNotes: paragraphs(command.optionNotes ?? ""),
  };
}

function optionDoc(name: string, spec: OptionSpec): OptionDoc {
  const doc: OptionDoc = {
    name,
    takesValue: spec.type === "string",
    multiple: spec.multiple === true,
    valueName: valueName(spec),
    description: describeOption(spec),
  };
  if (spec.short !== undefined) doc.short = spec.short;
  return doc;
}

/** The synopsis (up to the first blank line) and the paragraphs after it. */
function usageParts(
  lines: string[],
): { usage: string[]; description: string[] } {
  const blank = lines.findIndex((line) => line.trim() === "");
  if (blank === -1) return { usage: lines, description: [] };
  return {
    usage: lines.slice(0, blank),
    description: paragraphs(lines.slice(blank + 1).join("\n")),
  };
}

/** The paragraphs of `text` (split at blank lines), each on one line. */
function paragraphs(text: string): string[] {
  return text.split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, " ").trim())
    .filter((paragraph) => paragraph !== "");
}

/** `lines` without the blank ones at the start and the end. */
function trimBlank(lines: string[]): string[] {
  const first = lines.findIndex((line) => line.trim() !== "");
  if (first === -1) return [];
  const last = lines.findLastIndex((line) => line.trim() !== "");
  return lines.slice(first, last + 1);
}

/**
 * The lines of a help section, up to the next section, unindented by two.
 */
function section(help: string, title: string): string[] {
  const lines = help.split("\n");
  const start = lines.indexOf(title);
  if (start === -1) return [];
  const end = lines.findIndex((line, index) =>
    index > start && SECTION.test(line)
  );
  return lines.slice(start + 1, end === -1 ? undefined : end).map((line) =>
    line.replace(/^ {2}/, "")
  );
}
