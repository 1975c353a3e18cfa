// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto run` as a user runs it: time limits, missing commands, PATH
 * lookup, refused names and flags, DSSE, hash algorithms, the metadata
 * folder, and settings that cannot hide files.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readSignedFile } from "../../lib/model/signed_file.ts";
import { validateLink } from "../../lib/model/link.ts";
import { intoto, tempDir } from "../_helpers.ts";
import { DANNY, dannyVerifies, exists, KEY, LINK, list } from "./_run.ts";

Deno.test("intoto run: --run-timeout kills the command and exits 1 without a link", async () => {
  const dir = await tempDir();
  const start = performance.now();
  const result = await intoto(
    ["run", "-n", "slow", ...KEY, "--run-timeout", "1", "--", "sleep", "30"],
    { cwd: dir },
  );
  assert.ok(performance.now() - start < 10_000);
  assert.equal(result.code, 1);
  assert.match(
    result.stderr,
    /error: Step command "sleep 30" timed out after 1 s and was killed/,
  );
  assert.equal(await exists(join(dir, LINK("slow"))), false);
});

Deno.test("intoto run: a missing command is a clear error, before the materials are recorded", async () => {
  const dir = await tempDir();
  // Recording this would warn about the dangling link.
  await Deno.symlink("gone", join(dir, "dangling"));
  const result = await intoto(
    ["run", "-n", "x", ...KEY, "-m", ".", "--", "nosuch-cmd"],
    { cwd: dir },
  );
  assert.equal(result.code, 1);
  assert.equal(
    result.stderr,
    'error: Cannot run step command "nosuch-cmd": command not found\n',
  );
});

Deno.test("intoto run: a command in the working directory is not found through an empty PATH entry (X6)", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(
    join(dir, "build"),
    "#!/bin/sh\ntouch hijacked\n",
    { mode: 0o755 },
  );
  for (const path of ["/usr/bin:/bin:", ":/usr/bin:/bin", "/usr/bin::/bin"]) {
    const run = await intoto(["run", "-n", "x", ...KEY, "--", "build"], {
      cwd: dir,
      env: { PATH: path },
    });
    assert.equal(run.code, 1, `PATH=${path}: ${run.stderr}`);
    assert.match(run.stderr, /"build": command not found/);
    assert.equal(await exists(join(dir, "hijacked")), false);
  }
  // An explicit path runs it.
  const explicit = await intoto(["run", "-n", "x", ...KEY, "--", "./build"], {
    cwd: dir,
  });
  assert.equal(explicit.code, 0, explicit.stderr);
  assert.equal(await exists(join(dir, "hijacked")), true);
});

Deno.test("intoto run: step names unsafe as file names are refused (F1)", async () => {
  const dir = await tempDir();
  await Deno.mkdir(join(dir, "work"));
  for (const name of ["../escaped", "a/b", "", "..", "a\\b"]) {
    const result = await intoto(["run", "-n", name, ...KEY, "-x"], {
      cwd: join(dir, "work"),
    });
    assert.equal(result.code, 2, `${JSON.stringify(name)}: ${result.stderr}`);
    assert.match(result.stderr, /Cannot use step name/);
  }
  const mock = await intoto(["mock", "-n", "../m", "--", "true"], {
    cwd: join(dir, "work"),
  });
  assert.equal(mock.code, 2);
  const record = await intoto(["record", "start", "-n", "../r", ...KEY], {
    cwd: join(dir, "work"),
  });
  assert.equal(record.code, 2);
  assert.deepEqual(await list(dir), ["work"]);
  assert.deepEqual(await list(join(dir, "work")), []);
});

Deno.test("intoto run: bad flags exit 2 with a clear message", async () => {
  const dir = await tempDir();
  const cases: [string[], RegExp][] = [
    [["run", ...KEY, "-x"], /missing required option "-n\/--step-name"/],
    [["run", "-n", "x", "-x"], /missing signing key/],
    [["run", "-n", "x", ...KEY], /missing step command/],
    [["run", "-n", "x", ...KEY, "-x", "--", "true"], /excludes a command/],
    [
      ["run", "-n", "x", ...KEY, "--run-timeout", "soon", "--", "true"],
      /--run-timeout/,
    ],
    [
      ["run", "-n", "x", ...KEY, "--run-timeout", "0", "--", "true"],
      /--run-timeout/,
    ],
    [["run", "-n", "x", ...KEY, "--hash", "md4", "-x"], /invalid value "md4"/],
    [["run", "-n", "x", "-k", DANNY, "-t", "dsa", "-x"], /invalid value "dsa"/],
    [
      ["run", "-n", "x", ...KEY, "--signing-key", DANNY, "-x"],
      /exclude each other/,
    ],
    [
      ["run", "-n", "x", ...KEY, "--materails", "a", "-x"],
      /did you mean "--materials"/,
    ],
    [["run", "-n", "x", "-k", "-x"], /needs a value/],
    [
      ["record", "start", "-n", "x", ...KEY, "extra"],
      /unexpected argument "extra"/,
    ],
    [["record", "-n", "x"], /missing subcommand/],
    [["match-products", "-p", "."], /missing required option "-l\/--link"/],
    [["mock", "-n", "x"], /missing step command/],
    [["mock", "--", "true"], /missing required option "-n\/--name"/],
    [
      ["mock", "-n", "x", "--step-name", "y", "--", "true"],
      /options "-n\/--name" and "--step-name" exclude each other/,
    ],
  ];
  for (const [args, message] of cases) {
    const result = await intoto(args, { cwd: dir });
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, message, args.join(" "));
    assert.doesNotMatch(result.stderr, /\n\s+at /);
  }
  assert.deepEqual(await list(dir), []);
});

Deno.test("intoto run: --use-dsse writes a DSSE envelope that verifies", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(join(dir, "a"), "a");
  const result = await intoto(
    ["run", "-n", "d", ...KEY, "--use-dsse", "-m", "a", "--", "true"],
    { cwd: dir },
  );
  assert.equal(result.code, 0, result.stderr);
  const file = await readSignedFile(join(dir, LINK("d")));
  assert.equal(file.format, "dsse");
  assert.ok(await dannyVerifies(join(dir, LINK("d"))));
  const link = validateLink(file.payload);
  assert.deepEqual(Object.keys(link.materials), ["a"]);
  assert.deepEqual(link.command, ["true"]);
});

Deno.test("intoto run: --hash and --metadata-directory", async () => {
  const dir = await tempDir();
  await Deno.mkdir(join(dir, "out"));
  await Deno.writeTextFile(join(dir, "a"), "a");
  const result = await intoto(
    [
      "run",
      "-n",
      "h",
      ...KEY,
      "-m",
      "a",
      "--hash",
      "sha256,sha512",
      "-d",
      "out",
      "-x",
    ],
    { cwd: dir },
  );
  assert.equal(result.code, 0, result.stderr);
  const file = await readSignedFile(join(dir, "out", LINK("h")));
  const link = validateLink(file.payload);
  assert.deepEqual(Object.keys(link.materials.a!), ["sha256", "sha512"]);
  assert.equal(
    link.materials.a!.sha256,
    "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
  );
  // A folder that cannot take the link is refused before the step runs.
  const folders: [string, string][] = [["none", "no such"], ["a", "not a"]];
  for (const [folder, reason] of folders) {
    for (
      const args of [
        ["run", "-n", "h", ...KEY, "-d", folder, "--", "touch", "ran"],
        ["record", "stop", "-n", "h", ...KEY, "-d", folder],
      ]
    ) {
      const refused = await intoto(args, { cwd: dir });
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(
        refused.stderr,
        new RegExp(`^error: Cannot write the link to "${folder}": ${reason}`),
      );
    }
  }
  await assert.rejects(Deno.stat(join(dir, "ran")));
});

Deno.test("intoto run: rc files and environment settings cannot hide files (F4)", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(join(dir, "main.c"), "int main;");
  await Deno.writeTextFile(join(dir, "backdoor.c"), "evil");
  await Deno.writeTextFile(
    join(dir, ".in_totorc"),
    "[in-toto settings]\nARTIFACT_EXCLUDE_PATTERNS=backdoor.c:.in_totorc\nARTIFACT_BASE_PATH=/nonexistent\n",
  );
  const result = await intoto(["run", "-n", "f4", ...KEY, "-m", ".", "-x"], {
    cwd: dir,
    env: {
      IN_TOTO_ARTIFACT_EXCLUDE_PATTERNS: "backdoor.c",
      IN_TOTO_ARTIFACT_BASE_PATH: "/nonexistent",
    },
  });
  assert.equal(result.code, 0, result.stderr);
  const link = validateLink(
    (await readSignedFile(join(dir, LINK("f4")))).payload,
  );
  assert.deepEqual(Object.keys(link.materials), [
    ".in_totorc",
    "backdoor.c",
    "main.c",
  ]);
});
