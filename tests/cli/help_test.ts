// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Help is written from the option tables: every option of every command
 * has a description and a line in its command's help, no help text writes
 * an OPTIONS section by hand, and the generated section keeps the layout
 * (two-space indent, a flags column, wrapped descriptions, 80 columns).
 */
import assert from "node:assert/strict";
import { loadCommands } from "../../lib/cli/main.ts";
import { commandHelp, optionsHelp } from "../../lib/cli/help.ts";
import {
  COMMON_OPTIONS,
  optionSynopsis,
  type OptionTable,
} from "../../lib/cli/option_table.ts";

const commands = await loadCommands();

Deno.test("every option of every table has a description and a value name", () => {
  for (const command of commands) {
    const table: OptionTable = { ...command.options, ...COMMON_OPTIONS };
    for (const [name, spec] of Object.entries(table)) {
      const where = `${command.name} --${name}`;
      assert.match(spec.description, /^\S.*\S$/, where);
      assert.doesNotMatch(spec.description, /\n/, where);
      if (spec.type === "string") {
        assert.match(spec.value ?? "", /^\S+$/, where);
      } else {
        assert.equal(spec.value, undefined, where);
        assert.equal(spec.multiple, undefined, where);
      }
    }
  }
});

Deno.test("every option of every table appears once in its command's help, under OPTIONS", () => {
  for (const command of commands) {
    const help = commandHelp(command);
    const options = help.slice(help.indexOf("\nOPTIONS\n"));
    const table: OptionTable = { ...command.options, ...COMMON_OPTIONS };
    for (const [name, spec] of Object.entries(table)) {
      const synopsis = optionSynopsis(name, spec);
      const lines = options.split("\n").filter((line) =>
        line.startsWith(`  ${synopsis}`) &&
        /^( {2}|$)/.test(line.slice(2 + synopsis.length))
      );
      assert.equal(lines.length, 1, `${command.name}: ${synopsis}`);
    }
  }
});

Deno.test("no command's help text writes an OPTIONS section by hand", () => {
  for (const command of commands) {
    assert.doesNotMatch(command.help, /^(COMMON )?OPTIONS$/m, command.name);
    // An option line: flags, maybe a value, then a column of description.
    assert.doesNotMatch(
      command.help,
      /^ {2}(-\w, )?--[\w-]+( \S+)? {2,}\S/m,
      command.name,
    );
    const help = commandHelp(command);
    assert.equal(help.match(/^OPTIONS$/gm)?.length, 1, command.name);
    assert.equal(help.match(/^COMMON OPTIONS$/gm)?.length, 1, command.name);
  }
});

Deno.test("optionsHelp() aligns descriptions, wraps them within 80 columns and puts a wide synopsis on its own line", () => {
  const words = Array.from({ length: 30 }, (_, index) => `word${index}`);
  const table = {
    file: {
      type: "string",
      short: "f",
      value: "FILE",
      description: "The file",
    },
    "a-very-long-option-name": {
      type: "string",
      multiple: true,
      value: "VALUE",
      description: 'Short, then "gpg --export [-a]" kept whole',
    },
    long: { type: "boolean", description: words.join(" "), default: "off" },
    gpg: {
      type: "string",
      value: "KEYID",
      optionalValue: true,
      description: "Optional value",
    },
  } as const;
  const lines = optionsHelp(table);
  assert.deepEqual(lines.slice(0, 3), [
    "  -f, --file FILE  The file",
    "  --a-very-long-option-name VALUE...",
    '                   Short, then "gpg --export [-a]" kept whole',
  ]);
  assert.equal(lines.at(-1), "  --gpg [KEYID]    Optional value");
  const long = lines.slice(3, -1);
  assert.ok(long.length > 1);
  assert.match(long[0]!, /^ {2}--long {11}word0 word1/);
  for (const line of long.slice(1)) assert.match(line, /^ {19}\S/);
  for (const line of lines) assert.ok(line.length <= 80, line);
  assert.equal(
    long.map((line) => line.slice(19)).join(" "),
    `${words.join(" ")} (default off)`,
  );
});

Deno.test("commandHelp() puts OPTIONS, notes and COMMON OPTIONS before EXAMPLES", () => {
  const help = commandHelp({
    name: "x",
    summary: "Do x",
    help: "intoto x: do x\n\nUSAGE\n  intoto x\n\nEXAMPLES\n  intoto x",
    optionNotes: "  A note.",
    options: {
      force: { type: "boolean", description: "Force it" },
    },
    permissions: [],
    main: () => Promise.resolve(0),
  });
  assert.equal(
    help,
    `intoto x: do x

USAGE
  intoto x

OPTIONS
  --force  Force it

  A note.

COMMON OPTIONS
${optionsHelp(COMMON_OPTIONS).join("\n")}

EXAMPLES
  intoto x`,
  );
});
