// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Passwords of encrypted signing keys: -P alone asks without echo (as the
 * reference does), --password-env and --password-file serve CI, and a
 * password on the command line is used with a warning.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { intoto, intotoCommand, tempDir, underTerminal } from "../_helpers.ts";

const SECRET = "correct horse battery";
const LINK = /^Wrote "s\.[0-9a-f]{8}\.link": 0 materials, 0 products$/m;

/** A folder with an encrypted ed25519 key "k" (password SECRET). */
async function withKey(): Promise<string> {
  const directory = await tempDir();
  const made = await intoto(
    ["keygen", "-t", "ed25519", `--password=${SECRET}`, "k"],
    { cwd: directory },
  );
  assert.equal(made.code, 0, made.stderr);
  return directory;
}

const RUN = ["run", "-n", "s", "-k", "k", "-x"];

Deno.test("intoto run -P alone asks for the password on the terminal without echo", async () => {
  const directory = await withKey();
  for (
    const args of [[...RUN, "-P"], ["run", "-P", "-n", "s", "-k", "k", "-x"]]
  ) {
    const result = await underTerminal([...intotoCommand(), ...args], {
      cwd: directory,
      answer: { prompt: "Enter password: ", text: SECRET },
    });
    assert.equal(result.code, 0, result.out);
    assert.match(result.out, /Enter password: /);
    assert.match(result.out, LINK);
    assert.ok(!result.out.includes(SECRET), "the password was echoed");
  }
});

Deno.test("intoto run takes the password from --password-env, --password-file or stdin for -P", async () => {
  const directory = await withKey();
  const fromEnv = await intoto([...RUN, "--password-env", "KEY_PW"], {
    cwd: directory,
    env: { KEY_PW: SECRET },
  });
  assert.equal(fromEnv.code, 0, fromEnv.stderr);
  assert.match(fromEnv.stderr, LINK);
  assert.doesNotMatch(fromEnv.stderr, /warning/);
  await Deno.writeTextFile(join(directory, "pw"), `${SECRET}\n`);
  const fromFile = await intoto([...RUN, "--password-file", "pw"], {
    cwd: directory,
  });
  assert.equal(fromFile.code, 0, fromFile.stderr);
  const fromStdin = await intoto(["run", "-n", "s", "-k", "k", "-P", "-x"], {
    cwd: directory,
    stdin: `${SECRET}\n`,
  });
  assert.equal(fromStdin.code, 0, fromStdin.stderr);
});

Deno.test("intoto run warns about a password given on the command line", async () => {
  const directory = await withKey();
  const result = await intoto([...RUN, "-P", SECRET], { cwd: directory });
  assert.equal(result.code, 0, result.stderr);
  assert.match(
    result.stderr,
    /^warning: a password given as "-P\/--password PW" can be read by other users/m,
  );
});

Deno.test("intoto run refuses a missing variable, an empty file, and two password sources", async () => {
  const directory = await withKey();
  await Deno.writeTextFile(join(directory, "empty"), "");
  const cases: [string[], RegExp][] = [
    [
      ["--password-env", "NOT_SET_ANYWHERE"],
      /environment variable "NOT_SET_ANYWHERE" of option "--password-env" is not set/,
    ],
    [
      ["--password-file", "empty"],
      /password file "empty" of option "--password-file" is empty/,
    ],
    [["--password-file", "missing"], /Cannot read password file "missing"/],
    [["-P", SECRET, "--password-file", "empty"], /exclude each other/],
    [["--prompt", "--password-env", "X"], /exclude each other/],
  ];
  for (const [extra, message] of cases) {
    const result = await intoto([...RUN, ...extra], { cwd: directory });
    assert.equal(result.code, 2, `${extra.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, message);
    assert.equal(
      result.stderr.split("\n").filter(Boolean).length,
      1,
      result.stderr,
    );
  }
});
