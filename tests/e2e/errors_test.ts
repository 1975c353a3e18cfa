// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURES, intoto, type RunResult, tempDir } from "../_helpers.ts";

const DEMO = join(FIXTURES, "demo_files");
const PEMS = join(FIXTURES, "pems");

/**
 * Exactly one `error: ...` line on stderr (beside warnings, such as the one
 * about a password on the command line), exit 2, no stack trace.
 */
function assertInputError(result: RunResult, pattern: RegExp): void {
  const lines = result.stderr.split("\n").filter((line) =>
    line !== "" && !line.startsWith("warning: ")
  );
  assert.equal(result.code, 2, result.stderr);
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /^error: /);
  assert.match(lines[0]!, pattern);
  assert.doesNotMatch(result.stderr, / {4}at /);
  assert.equal(result.stdout, "");
}

async function badInputs(): Promise<[string, string[], RegExp][]> {
  const dir = await tempDir("demo_files/write-code.776a00e2.link");
  const link = join(dir, "write-code.776a00e2.link");
  const text = await Deno.readTextFile(link);
  const write = async (name: string, content: string) => {
    await Deno.writeTextFile(join(dir, name), content);
    return join(dir, name);
  };
  const garbageKey = await write("garbage.pem", "\x00\x01 not a key at all");
  const fakePem = await write(
    "fake.pem",
    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
  );
  const truncated = await write("truncated.link", text.slice(0, 200));
  const wrongTypes = await write(
    "types.link",
    text.replace('"materials": {', '"materials": [{').replace(
      '"name": "write-code"',
      '"name": 7',
    ),
  );
  const signaturesNotList = await write(
    "sigs.link",
    JSON.stringify({ signatures: "x", signed: JSON.parse(text).signed }),
  );
  const emptyFile = await write("empty.link", "");
  return [
    ["garbage key", ["sign", "-f", link, "-k", garbageKey], /garbage\.pem/],
    ["fake PEM", ["sign", "-f", link, "-k", fakePem], /fake\.pem/],
    ["garbage public key", ["key", "id", garbageKey], /garbage\.pem/],
    [
      "garbage verification key",
      ["sign", "-f", link, "--verify", "-k", garbageKey],
      /garbage\.pem/,
    ],
    [
      "truncated JSON",
      ["sign", "-f", truncated, "-k", join(DEMO, "bob")],
      /truncated\.link/,
    ],
    [
      "empty file",
      ["sign", "-f", emptyFile, "-k", join(DEMO, "bob")],
      /empty\.link/,
    ],
    [
      "wrong JSON types",
      ["sign", "-f", wrongTypes, "-k", join(DEMO, "bob")],
      /types\.link/,
    ],
    [
      "signatures not a list",
      [
        "sign",
        "-f",
        signaturesNotList,
        "--verify",
        "-k",
        join(DEMO, "bob.pub"),
      ],
      /signatures/,
    ],
    ["missing file", [
      "sign",
      "-f",
      join(dir, "nope.link"),
      "-k",
      join(DEMO, "bob"),
    ], /nope\.link/],
    [
      "missing key file",
      ["sign", "-f", link, "-k", join(dir, "nokey")],
      /nokey/,
    ],
    [
      "missing key id file",
      ["key", "id", join(dir, "nokey.pub")],
      /nokey\.pub/,
    ],
    [
      "wrong password",
      [
        "sign",
        "-f",
        link,
        "-k",
        join(PEMS, "rsa_private_encrypted.pem"),
        "-P",
        "wrong",
      ],
      /rsa_private_encrypted\.pem/,
    ],
    [
      "encrypted key without password",
      ["sign", "-f", link, "-k", join(PEMS, "ed25519_private_encrypted.pem")],
      /ed25519_private_encrypted\.pem/,
    ],
    [
      "unknown flag",
      ["sign", "--fiel", link],
      /^error: unknown option "--fiel" for "intoto sign": did you mean "--file"\?$/,
    ],
    [
      "missing required flag",
      ["sign", "-k", join(DEMO, "bob")],
      /missing required option "-f\/--file"/,
    ],
    [
      "missing key flag",
      ["sign", "-f", link],
      /missing signing key: pass "-k\/--key KEY" or "--signing-key KEY"/,
    ],
    ["missing value", ["sign", "-f"], /option "-f\/--file" needs a value/],
    [
      "unknown command",
      ["sgin", "-f", link],
      /^error: unknown command "sgin": did you mean "sign"\?$/,
    ],
    ["no command", [], /missing command/],
    [
      "bad key type",
      ["keygen", "-t", "dsa", join(dir, "k")],
      /invalid value "dsa"/,
    ],
    ["too few RSA bits", ["keygen", "-b", "1024", join(dir, "k")], /2048/],
    [
      "two keys for a link",
      ["sign", "-f", link, "-k", join(DEMO, "bob"), join(DEMO, "carl")],
      /exactly one key/,
    ],
    [
      "verify with output",
      ["sign", "-f", link, "--verify", "-k", join(DEMO, "bob.pub"), "-o", "x"],
      /do not apply to "--verify"/,
    ],
  ];
}

Deno.test("intoto reports every bad input as one error line with exit 2", async () => {
  for (const [what, args, pattern] of await badInputs()) {
    const result = await intoto(args);
    try {
      assertInputError(result, pattern);
    } catch (error) {
      throw new Error(`${what}: ${(error as Error).message}`, { cause: error });
    }
  }
});

Deno.test("intoto --verbose shows the cause of an error", async () => {
  const dir = await tempDir();
  const result = await intoto([
    "key",
    "id",
    "--verbose",
    join(dir, "nope.pub"),
  ]);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /^error: .*nope\.pub/);
  // The system error underneath, as node:fs (which reads the file) reports it.
  assert.match(
    result.stderr,
    /caused by: Error: ENOENT: no such file or directory/,
  );
});

Deno.test("intoto sign, run and record name their password flags for an encrypted key", async () => {
  const dir = await tempDir("demo_files/write-code.776a00e2.link");
  const key = join(PEMS, "ed25519_private_encrypted.pem");
  const cases: [string[], string][] = [
    [
      ["sign", "-f", "write-code.776a00e2.link", "-k", key],
      '"-P/--password PW" or "-p/--prompt"',
    ],
    [
      ["run", "-n", "s", "--signing-key", key, "-x"],
      '"-P/--password PW" or "--prompt"',
    ],
    [
      ["record", "start", "-n", "s", "-k", key],
      '"-P/--password PW" or "--prompt"',
    ],
  ];
  for (const [args, flags] of cases) {
    const result = await intoto(args, { cwd: dir });
    assertInputError(result, /./);
    assert.equal(
      result.stderr,
      `error: Cannot load key "${key}": it is encrypted: give its password with ${flags}\n`,
    );
  }
  const given = await intoto(
    ["run", "-n", "s", "-k", key, "-P", "hunter2", "-x"],
    { cwd: dir },
  );
  assert.equal(given.code, 0, given.stderr);
  const wrong = await intoto(
    ["sign", "-f", "write-code.776a00e2.link", "-k", key, "-P", "nope"],
    { cwd: dir },
  );
  assertInputError(wrong, /wrong password/);
});
