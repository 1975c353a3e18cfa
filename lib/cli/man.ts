// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto man`: prints the manual page intoto(1) in roff, written from each
 * subcommand's option table and help text. Read it with
 * `intoto man | man -l -`.
 *
 * @module
 */

import denoJson from "../../deno.json" with { type: "json" };
import { positionalArgs } from "./args.ts";
import type { CommandSpec } from "./command.ts";
import { type CommandDoc, commandDoc, type OptionDoc } from "./option_docs.ts";

const HELP = `intoto man: print the manual page

USAGE
  intoto man

  Prints intoto(1) in roff: every command with its synopsis, description,
  options and examples, from the tables that parse the flags.

EXAMPLES
  intoto man | man -l -
  intoto man > /usr/local/share/man/man1/intoto.1`;

/**
 * `intoto man`, over the subcommands `load` gives (main.ts passes its
 * table, so this module does not import it).
 *
 * @param load Every subcommand.
 * @returns The command.
 */
export function manCommand(load: () => Promise<CommandSpec[]>): CommandSpec {
  const command: CommandSpec = {
    name: "man",
    summary: "Print the manual page intoto(1) in roff",
    help: HELP,
    options: {},
    permissions: [],
    async main(args, context) {
      positionalArgs(args, command, []);
      context.print(manPage((await load()).map(commandDoc), denoJson.version));
      return 0;
    },
  };
  return command;
}

/**
 * The manual page intoto(1).
 *
 * @param commands The documented subcommands.
 * @param version intoto's version, for the footer.
 * @returns The page in roff (man macros).
 */
export function manPage(
  commands: readonly CommandDoc[],
  version: string,
): string {
  return [
    `.TH INTOTO 1 "" "intoto ${version}" "User Commands"`,
    ".SH NAME",
    "intoto \\- in\\-toto supply chain integrity, Deno\\-native",
    ".SH SYNOPSIS",
    ".B intoto",
    ".I command",
    "[\\fIoptions\\fR]",
    ".br",
    ".B intoto help",
    ".I command",
    ".SH DESCRIPTION",
    text(
      "intoto records the steps of a software supply chain as signed links, writes and checks the layout that says who may do what, and verifies the links against the layout. It reads and writes the formats of in-toto 1.3.1.",
    ),
    ".SH COMMANDS",
    ...commands.flatMap(commandSection),
    ".SH EXIT STATUS",
    ".TP",
    ".B 0",
    "Success.",
    ".TP",
    ".B 1",
    "Verification failed, a step failed, or lint found errors.",
    ".TP",
    ".B 2",
    "Bad input, a usage error or a missing permission.",
    ".SH SEE ALSO",
    ".BR in\\-toto\\-run (1),",
    ".BR in\\-toto\\-verify (1),",
    ".BR in\\-toto\\-sign (1)",
    "",
  ].join("\n");
}

function commandSection(command: CommandDoc): string[] {
  return [
    `.SS "intoto ${escape(command.name)}"`,
    text(command.summary),
    ...(command.usage.length === 0
      ? []
      : [".PP", ".nf", ...command.usage.map(text), ".fi"]),
    ...command.description.flatMap((paragraph) => [".PP", text(paragraph)]),
    ...command.options.flatMap(optionItem),
    ...command.optionNotes.flatMap((paragraph) => [".PP", text(paragraph)]),
    ...(command.examples.length === 0 ? [] : [
      ".PP",
      "Examples:",
      ".PP",
      ".nf",
      ".RS",
      ...command.examples.map(text),
      ".RE",
      ".fi",
    ]),
  ];
}

function optionItem(option: OptionDoc): string[] {
  const value = option.takesValue ? ` \\fI${escape(option.valueName)}\\fR` : "";
  const names = [
    ...(option.short === undefined ? [] : [`\\fB\\-${option.short}\\fR`]),
    `\\fB\\-\\-${option.name.replaceAll("-", "\\-")}\\fR${value}`,
  ];
  return [".TP", names.join(", "), text(option.description || " ")];
}

/** Text with roff's escape character written as itself. */
function escape(value: string): string {
  return value.replaceAll("\\", "\\e");
}

/** A line of text that roff will not take for a request. */
function text(line: string): string {
  const escaped = escape(line);
  return /^[.']/.test(escaped) ? `\\&${escaped}` : escaped;
}
