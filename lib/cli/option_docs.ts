// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A subcommand's options as data, for shell completions and the man page:
 * the option table that parses the flags says which options exist, their
 * short forms, and whether they take a value or a list; the command's help
 * text adds each one's value name and description.
 *
 * @module
 */

import type {
  ParseArgsOptionDescriptor,
  ParseArgsOptionsConfig,
} from "node:util";
import { COMMON_HELP, COMMON_OPTIONS } from "./args.ts";
import type { CommandSpec } from "./command.ts";

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
}

/** A section title of a help text, such as `OPTIONS`. */
const SECTION = /^[A-Z][A-Z ]+$/;

/** An option line of a help text: flags, then the description. */
const FLAG = /^(?:-([A-Za-z0-9]),\s+)?--([a-z0-9-]+)/;

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
 *   options: { file: { type: "string", short: "f" } },
 *   help: "intoto x\n\nUSAGE\n  intoto x -f FILE\n\nOPTIONS\n  -f, --file FILE   The file\n",
 * });
 * assert.deepEqual(doc.options[0], {
 *   name: "file", short: "f", takesValue: true, multiple: false,
 *   valueName: "FILE", description: "The file",
 * });
 * assert.deepEqual(doc.usage, ["intoto x -f FILE"]);
 * assert.deepEqual(doc.description, []);
 * ```
 */
export function commandDoc(command: CommandSpec): CommandDoc {
  const table = { ...command.options, ...COMMON_OPTIONS };
  const described = describedOptions(
    `${command.help}\n\n${COMMON_HELP}`,
    table,
  );
  const options = Object.entries(table).map(([name, option]) =>
    optionDoc(name, option, described.get(name))
  );
  return {
    name: command.name,
    summary: command.summary,
    ...usageParts(trimBlank(section(command.help, "USAGE"))),
    examples: trimBlank(section(command.help, "EXAMPLES")),
    options,
  };
}

function optionDoc(
  name: string,
  option: ParseArgsOptionDescriptor,
  described: { valueName?: string; description: string } | undefined,
): OptionDoc {
  const takesValue = option.type === "string";
  return {
    name,
    ...(option.short === undefined ? {} : { short: option.short }),
    takesValue,
    multiple: option.multiple === true,
    valueName: takesValue ? described?.valueName ?? "VALUE" : "",
    description: described?.description ?? "",
  };
}

/** The synopsis (up to the first blank line) and the paragraphs after it. */
function usageParts(
  lines: string[],
): { usage: string[]; description: string[] } {
  const blank = lines.findIndex((line) => line.trim() === "");
  if (blank === -1) return { usage: lines, description: [] };
  const paragraphs = lines.slice(blank + 1).join("\n").split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/\s+/g, " ").trim())
    .filter((paragraph) => paragraph !== "");
  return { usage: lines.slice(0, blank), description: paragraphs };
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

/**
 * Each option line of a help text (`  -f, --file FILE   The file`, with
 * description lines below it indented further), by long name. A line may
 * list several options (`--a X, --b Y`); each gets the description.
 */
function describedOptions(
  help: string,
  table: ParseArgsOptionsConfig,
): Map<string, { valueName?: string; description: string }> {
  const found = new Map<string, { valueName?: string; description: string }>();
  let current:
    | { names: [string, string | undefined][]; text: string[] }
    | undefined;
  const flush = () => {
    if (current === undefined) return;
    const description = current.text.join(" ").replace(/\s+/g, " ").trim();
    for (const [name, valueName] of current.names) {
      if (!found.has(name)) {
        found.set(name, {
          ...(valueName === undefined ? {} : { valueName }),
          description,
        });
      }
    }
    current = undefined;
  };
  let inOptions = false;
  for (const line of help.split("\n")) {
    if (SECTION.test(line)) {
      flush();
      inOptions = line.endsWith("OPTIONS");
      continue;
    }
    const option = inOptions ? /^ {2}(-.*)$/.exec(line) : null;
    if (option !== null) {
      flush();
      current = parseOptionLine(option[1]!, table);
    } else if (current !== undefined && /^ {6,}\S/.test(line)) {
      current.text.push(line.trim());
    } else {
      flush();
    }
  }
  flush();
  return found;
}

/**
 * `-f, --file FILE, --other X   Text` into names, value names and text. An
 * option that takes a value (by `table`) is followed by its value's name.
 */
function parseOptionLine(
  line: string,
  table: ParseArgsOptionsConfig,
): { names: [string, string | undefined][]; text: string[] } {
  const names: [string, string | undefined][] = [];
  let rest = line;
  for (;;) {
    const flag = FLAG.exec(rest);
    if (flag === null) break;
    const name = flag[2]!;
    rest = rest.slice(flag[0].length);
    const value = Object.hasOwn(table, name) && table[name]!.type === "string"
      ? /^[ =](\S+?),?(?=\s|$)/.exec(rest)
      : null;
    if (value !== null) rest = rest.slice(value[1]!.length + 1);
    names.push([name, value?.[1]]);
    const more = /^,\s+(?=-)/.exec(rest);
    if (more === null) break;
    rest = rest.slice(more[0].length);
  }
  return { names, text: [rest.trim()] };
}
