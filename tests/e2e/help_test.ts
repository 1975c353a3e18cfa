// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Every command, and every group of subcommands, answers --help and
 * `intoto help ...` with exit 0; a group lists its subcommands.
 */
import assert from "node:assert/strict";
import { COMMAND_NAMES } from "../../lib/cli/main.ts";
import { intoto } from "../_helpers.ts";

Deno.test("every command answers --help, -h and help with exit 0", async () => {
  for (const name of COMMAND_NAMES) {
    const words = name.split(" ");
    for (
      const args of [[...words, "--help"], [...words, "-h"], ["help", ...words]]
    ) {
      const result = await intoto(args);
      assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
      assert.ok(result.stdout.includes(`intoto ${name}`), args.join(" "));
    }
  }
});

Deno.test("every group of subcommands lists them for --help and help, with exit 0", async () => {
  const groups = new Map<string, string[]>();
  for (const name of COMMAND_NAMES) {
    const [group, sub] = name.split(" ");
    if (sub !== undefined) {
      groups.set(group!, [...groups.get(group!) ?? [], name]);
    }
  }
  assert.ok(groups.has("record") && groups.has("key") && groups.has("attest"));
  for (const [group, names] of groups) {
    for (const args of [[group, "--help"], [group, "-h"], ["help", group]]) {
      const result = await intoto(args);
      assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
      for (const name of names) {
        assert.match(result.stdout, new RegExp(`^  ${name} `, "m"), name);
      }
    }
    const bare = await intoto([group]);
    assert.equal(bare.code, 2);
    assert.match(bare.stderr, /^error: missing subcommand for /);
  }
});
