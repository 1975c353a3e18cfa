// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Regressions found by using the CLI as an in-toto user would: help texts,
 * usage errors that say what to do next, `key id --json` for writing layouts,
 * and the interoperability the README claims.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { COMMAND_NAMES, loadCommands } from "../../lib/cli/main.ts";
import { FIXTURES, intoto, reference, tempDir } from "../_helpers.ts";

const PEMS = join(FIXTURES, "pems");
const COMMANDS = [
  "run",
  "record start",
  "record stop",
  "verify",
  "sign",
  "keygen",
  "key id",
  "match-products",
  "mock",
  "layout init",
  "layout add-key",
  "layout add-step",
  "layout add-inspection",
  "layout set-expiry",
  "layout rm-step",
  "layout lint",
  "show",
  "attest verify",
  "attest trusted-root",
  "completions",
  "man",
];

Deno.test("each subcommand loads, lazily, the command its name says", async () => {
  assert.deepEqual(COMMAND_NAMES, COMMANDS);
  const loaded = await loadCommands();
  assert.deepEqual(loaded.map((command) => command.name), COMMANDS);
});

/** Exit 2, one `error:` line matching `pattern`, no stack trace. */
function assertUsage(
  result: { code: number; stderr: string },
  pattern: RegExp,
): void {
  assert.equal(result.code, 2, result.stderr);
  const lines = result.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /^error: /);
  assert.match(lines[0]!, pattern);
}

Deno.test("intoto CMD --help has USAGE, OPTIONS, COMMON OPTIONS in order, ends with EXAMPLES of CMD, and equals intoto help CMD", async () => {
  for (const name of COMMANDS) {
    const words = name.split(" ");
    const help = await intoto([...words, "--help"]);
    assert.equal(help.code, 0, help.stderr);
    const sections = help.stdout.split("\n").filter((line) =>
      /^[A-Z][A-Z ]+$/.test(line)
    );
    assert.deepEqual(sections.slice(0, 3), [
      "USAGE",
      "OPTIONS",
      "COMMON OPTIONS",
    ], name);
    assert.equal(sections.at(-1), "EXAMPLES", name);
    const examples = help.stdout.slice(help.stdout.lastIndexOf("EXAMPLES\n"));
    assert.match(examples, new RegExp(`^  intoto ${name} `, "m"), name);
    for (const line of help.stdout.split("\n")) {
      assert.ok(line.length <= 80, `${name}: long help line "${line}"`);
    }
    const viaHelp = await intoto(["help", ...words]);
    assert.equal(viaHelp.stdout, help.stdout, name);
  }
});

Deno.test("intoto match-products --help lists --exclude once", async () => {
  const help = await intoto(["match-products", "--help"]);
  assert.equal(help.stdout.match(/--exclude /g)?.length, 1);
  assert.match(
    help.stdout,
    /^ {2}-e, --exclude PATTERN\.\.\. +gitignore-style/m,
  );
});

Deno.test("intoto: an option before the command says where options go", async () => {
  assertUsage(
    await intoto(["-v", "verify"]),
    /^error: unknown option "-v" before the command: options go after it/,
  );
});

Deno.test("intoto: a missing option value is told apart from a value that looks like an option", async () => {
  assertUsage(
    await intoto(["verify", "-l"]),
    /^error: option "-l\/--layout" needs a value \(see "intoto verify --help"\)$/,
  );
  assertUsage(
    await intoto(["sign", "-f", "-odd.json", "-k", "key"]),
    /needs a value, but "-odd\.json" follows it \(attach a value that starts with "-": "--file=-odd\.json"\)/,
  );
});

Deno.test("intoto key id on an encrypted private key points to its public key", async () => {
  const path = join(PEMS, "rsa_private_encrypted.pem");
  assertUsage(
    await intoto(["key", "id", path]),
    /it is an encrypted private key; pass its public key file instead/,
  );
});

Deno.test("intoto key id --json prints layout key objects keyed by the keyid of each flavour", async () => {
  const files = ["rsa", "ecdsa", "ed25519"].map((type) =>
    join(PEMS, `${type}_public.pem`)
  );
  for (const flavour of ["legacy", "modern"]) {
    const ids = await intoto(["key", "id", "--flavour", flavour, ...files]);
    const json = await intoto([
      "key",
      "id",
      "--json",
      "--flavour",
      flavour,
      ...files,
    ]);
    assert.equal(json.code, 0, json.stderr);
    const keys = JSON.parse(json.stdout);
    const expected = ids.stdout.trimEnd().split("\n").map((line) =>
      line.slice(0, 64)
    ).sort();
    assert.deepEqual(Object.keys(keys), expected);
    for (const [keyid, key] of Object.entries(keys)) {
      assert.equal((key as { keyid: string }).keyid, keyid);
      assert.equal(
        "keyid_hash_algorithms" in (key as object),
        flavour === "legacy",
      );
    }
  }
  assertUsage(
    await intoto(["key", "id", "--json", "--all", files[0]!]),
    /options "--all" and "--json" exclude each other/,
  );
});

Deno.test("in-toto-verify 1.3.1 accepts links signed with our PEM ed25519 and ecdsa keys, listed by key id --json", async () => {
  const dir = await tempDir();
  const run = async (args: string[]) => {
    const result = await intoto(args, { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
    return result.stdout;
  };
  await run(["keygen", "alice"]);
  await run(["keygen", "-t", "ed25519", "bob"]);
  await run(["keygen", "-t", "ecdsa", "carl"]);
  const keys = JSON.parse(await run(["key", "id", "--json", "bob", "carl"]));
  const keyid = async (name: string) =>
    (await run(["key", "id", `${name}.pub`])).slice(0, 64);
  const step = (name: string, pubkey: string) => ({
    _type: "step",
    name,
    threshold: 1,
    pubkeys: [pubkey],
    expected_command: ["touch", `${name}.txt`],
    expected_materials: [],
    expected_products: [["CREATE", `${name}.txt`], ["DISALLOW", "*"]],
  });
  const layout = {
    signed: {
      _type: "layout",
      expires: "2099-01-01T00:00:00Z",
      readme: "",
      keys,
      steps: [
        step("one", await keyid("bob")),
        step("two", await keyid("carl")),
      ],
      inspect: [],
    },
    signatures: [],
  };
  await Deno.writeTextFile(join(dir, "layout.json"), JSON.stringify(layout));
  await run(["sign", "-f", "layout.json", "-k", "alice", "-o", "root.layout"]);
  await run([
    "run",
    "-n",
    "one",
    "-k",
    "bob",
    "-p",
    "one.txt",
    "--",
    "touch",
    "one.txt",
  ]);
  await run([
    "run",
    "-n",
    "two",
    "-k",
    "carl",
    "-p",
    "two.txt",
    "--",
    "touch",
    "two.txt",
  ]);
  const links = (await Array.fromAsync(Deno.readDir(dir)))
    .map((entry) => entry.name).filter((name) => name.endsWith(".link"));
  const verified = await reference(
    "in-toto-verify",
    ["-l", "root.layout", "-k", "alice.pub"],
    { cwd: dir },
  );
  assert.equal(verified.code, 0, verified.stderr);
  await run(["verify", "-l", "root.layout", "-k", "alice.pub"]);
  // 1.3.1 cannot read our PEM ed25519 key files themselves.
  const direct = await reference(
    "in-toto-sign",
    [
      "-f",
      links.find((name) => name.startsWith("one."))!,
      "-k",
      "bob.pub",
      "-t",
      "ed25519",
      "--verify",
    ],
    { cwd: dir },
  );
  assert.notEqual(direct.code, 0);
});

Deno.test("intoto attest verify: a file swallowed by -k gets a hint, and signers are named by key file", async () => {
  const dir = await tempDir();
  const run = (args: string[]) => intoto(args, { cwd: dir });
  assert.equal((await run(["keygen", "-t", "ed25519", "bob"])).code, 0);
  await Deno.writeTextFile(join(dir, "app.txt"), "app\n");
  const recorded = await run([
    "run",
    "-n",
    "build",
    "-k",
    "bob",
    "-p",
    "app.txt",
    "--attest",
    "-x",
  ]);
  assert.equal(recorded.code, 0, recorded.stderr);
  const [attestation] = (await Array.fromAsync(Deno.readDir(dir)))
    .map((entry) => entry.name).filter((name) => name.startsWith("build."));
  assertUsage(
    await run([
      "attest",
      "verify",
      "-a",
      attestation!,
      "-k",
      "bob.pub",
      "app.txt",
    ]),
    /if "app\.txt" is a file to check, give it before the options or after "--"/,
  );
  const verified = await run([
    "attest",
    "verify",
    "-a",
    attestation!,
    "-k",
    "bob.pub",
    "--",
    "app.txt",
  ]);
  assert.equal(verified.code, 0, verified.stderr);
  assert.match(verified.stderr, /is signed by "bob\.pub"/);
  assert.match(verified.stderr, /"app\.txt" matches subject "app\.txt"/);
});

Deno.test("intoto verify: a missing or wrong --link-dir is bad input (exit 2), checked before any link", async () => {
  const dir = await tempDir(
    "demo_files/alice.pub",
    "demo_files/demo.layout.template",
    "demo_files/write-code.776a00e2.link",
  );
  const common = ["verify", "-l", "demo.layout.template", "-k", "alice.pub"];
  assertUsage(
    await intoto([...common, "--link-dir", "missing"], { cwd: dir }),
    /^error: Cannot read link directory "missing": no such file or directory$/,
  );
  assertUsage(
    await intoto([...common, "--link-dir", "write-code.776a00e2.link"], {
      cwd: dir,
    }),
    /not a directory; pass the folder that holds the link files/,
  );
});

Deno.test("intoto: an overlong path is elided in the error line, kept with --verbose", async () => {
  const long = "a".repeat(5000);
  const result = await intoto(["key", "id", long]);
  assertUsage(result, /"a{60}\.\.\.a{60}" \(5000 characters\)/);
  const verbose = await intoto(["key", "id", "-v", long]);
  assert.ok(verbose.stderr.split("\n")[0]!.includes(long));
});

Deno.test("intoto keygen never replaces an existing key unless --force", async () => {
  const dir = await tempDir();
  const run = (args: string[]) => intoto(args, { cwd: dir });
  assert.equal((await run(["keygen", "-t", "ed25519", "k"])).code, 0);
  const before = await Deno.readTextFile(join(dir, "k"));
  assertUsage(
    await run(["keygen", "-t", "ed25519", "k"]),
    /^error: Cannot write key "k": it exists; choose another NAME, or pass --force to replace it$/,
  );
  await Deno.remove(join(dir, "k"));
  assertUsage(
    await run(["keygen", "-t", "ed25519", "k"]),
    /"k\.pub": it exists/,
  );
  assert.equal(
    (await run(["keygen", "-t", "ed25519", "--force", "k"])).code,
    0,
  );
  assert.notEqual(await Deno.readTextFile(join(dir, "k")), before);
  assertUsage(await run(["keygen", ""]), /missing key file NAME/);
});

Deno.test("intoto: a path Deno guards with full access (/proc) says to choose another path", async () => {
  assertUsage(
    await intoto(["keygen", "/proc/intoto-test-key"]),
    /^error: cannot use "\/proc\/intoto-test-key": Deno allows it only with full access, which intoto never keeps; choose another path$/,
  );
});
