// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * What run says when it succeeds, and what a failed inspection or step
 * shows of its standard error.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURES, intoto, tempDir } from "../_helpers.ts";
import { demo } from "./_demo.ts";

const KEY = ["-k", join(FIXTURES, "demo_files", "danny"), "-t", "ed25519"];

Deno.test("intoto run prints the link it wrote with its counts, unless --quiet", async () => {
  const directory = await tempDir();
  try {
    await Deno.writeTextFile(join(directory, "a"), "a");
    const run = await intoto(
      [
        "run",
        "-n",
        "s",
        ...KEY,
        "-m",
        "a",
        "--",
        "sh",
        "-c",
        "echo b > b; echo c > c",
      ],
      { cwd: directory },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stderr,
      'Wrote "s.36a5529f.link": 1 material, 0 products\n',
    );
    const products = await intoto(
      ["run", "-n", "t", ...KEY, "-p", "a", "b", "c", "-x"],
      { cwd: directory },
    );
    assert.equal(
      products.stderr,
      'Wrote "t.36a5529f.link": 0 materials, 3 products\n',
    );
    const quiet = await intoto([
      "run",
      "-q",
      "-n",
      "u",
      ...KEY,
      "-m",
      "a",
      "-x",
    ], {
      cwd: directory,
    });
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.equal(quiet.stderr, "");
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("intoto verify shows the end of a failed inspection's stderr", async () => {
  const directory = await demo({
    edit:
      `layout["inspect"][0]["run"] = ["sh", "-c", "echo one >&2; echo two >&2; echo three >&2; echo four >&2; exit 3"]`,
  });
  try {
    const result = await intoto([
      "verify",
      "-l",
      "root.layout",
      "-k",
      "alice.pub",
    ], {
      cwd: directory,
    });
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /^error: Inspection "untar" failed: ".*" exited with 3; its stderr ended with "two\\nthree\\nfour"$/m,
    );
    assert.equal(
      result.stderr.split("\n").filter((l) => l.startsWith("error:")).length,
      1,
    );
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("intoto run shows the end of a timed-out step's recorded stderr", async () => {
  const directory = await tempDir();
  try {
    const result = await intoto(
      [
        "run",
        "-n",
        "s",
        ...KEY,
        "-s",
        "--run-timeout",
        "1",
        "--",
        "sh",
        "-c",
        "echo stuck >&2; sleep 5",
      ],
      { cwd: directory },
    );
    assert.equal(result.code, 1, result.stderr);
    assert.match(
      result.stderr,
      /^error: Step command ".*" timed out after 1 s and was killed; its stderr ended with "stuck": /m,
    );
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});
