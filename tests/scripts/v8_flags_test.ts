// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { V8_FLAGS } from "../../scripts/v8_flags.ts";
import { denoRunCommand, ROOT } from "../_helpers.ts";

/** The `deno run` commands in `text` that start intoto with all its flags. */
function intotoRuns(text: string): string[] {
  return text.split("\n").filter((line) =>
    /deno\)? run .*--allow-env/.test(line) &&
    /(cli\.ts|dist\/intoto\.js)\b/.test(line)
  );
}

function assertHasFlags(line: string, where: string): void {
  for (const flag of V8_FLAGS) {
    assert.ok(line.includes(` ${flag} `), `${where} lacks ${flag}: ${line}`);
  }
}

Deno.test("every way of starting intoto passes the V8 flags of scripts/v8_flags.ts", async () => {
  const read = (path: string) => Deno.readTextFile(join(ROOT, path));
  const shebang = (await read("cli.ts")).split("\n")[0]!;
  assertHasFlags(`${shebang} `, "cli.ts's first line");
  const tasks = JSON.parse(await read("deno.json")).tasks;
  assertHasFlags(tasks.intoto, 'the "intoto" task of deno.json');
  const ci = intotoRuns(await read(".ci/run"));
  assert.equal(ci.length, 1, ".ci/run starts the bundle once");
  assertHasFlags(ci[0]!, ".ci/run");
  const readme = intotoRuns(await read("README.md"));
  assert.ok(readme.length >= 3, "README shows how to run the CLI");
  for (const line of readme) assertHasFlags(line, "README");
  assertHasFlags(denoRunCommand("x.ts").join(" "), "denoRunCommand()");
  const build = await read("scripts/build.ts");
  assert.match(build, /"--no-prompt",\n\s+\.\.\.V8_FLAGS,/);
});
