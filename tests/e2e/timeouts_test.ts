// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Timeouts a timer cannot wait for (over 2^31 - 1 ms) used to fire at once;
 * they are refused with exit 2, and the longest one is kept.
 */
import assert from "node:assert/strict";
import { isIntotoError } from "../../lib/errors.ts";
import { runCommand } from "../../lib/process/command.ts";
import { FIXTURES, intoto } from "../_helpers.ts";
import { demo } from "./_demo.ts";

const RANGE =
  /give a number of seconds from 0\.001 to 2147483 \(about 24 days\)/;

Deno.test("intoto run and mock refuse a --run-timeout a timer cannot wait for", async () => {
  const key = ["-k", `${FIXTURES}/demo_files/danny`, "-t", "ed25519"];
  for (
    const value of ["2147484", "3000000", "1e3", "-1", "0", "NaN", "0.0001"]
  ) {
    for (const args of [["run", "-n", "s", ...key], ["mock", "-n", "s"]]) {
      const result = await intoto([
        ...args,
        `--run-timeout=${value}`,
        "--",
        "true",
      ]);
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, RANGE);
    }
  }
});

Deno.test("intoto verify refuses an --inspection-timeout a timer cannot wait for, and keeps the longest", async () => {
  const directory = await demo();
  try {
    const verify = ["verify", "-l", "root.layout", "-k", "alice.pub"];
    const tooLong = await intoto(
      [...verify, "--inspection-timeout", "3000000"],
      {
        cwd: directory,
      },
    );
    assert.equal(tooLong.code, 2, tooLong.stderr);
    assert.match(tooLong.stderr, RANGE);
    const longest = await intoto(
      [...verify, "--inspection-timeout", "2147483"],
      {
        cwd: directory,
      },
    );
    assert.equal(longest.code, 0, longest.stderr);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("runCommand() refuses a timeout out of range", async () => {
  for (const timeout of [2147484, 0, -1, NaN]) {
    await assert.rejects(
      runCommand(["true"], { timeout }),
      (error) => isIntotoError(error, "USAGE") && /timeout/.test(error.message),
    );
  }
});
