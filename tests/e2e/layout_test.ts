// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto layout ...` as a user runs it: each command says what it changed
 * and leaves a layout the reference signs; bad input gets one `error:` line,
 * exit 2 and an untouched file; `lint` exits 1 on errors only.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseJson } from "../../lib/json/parse.ts";
import { intoto, reference, type RunResult, tempDir } from "../_helpers.ts";

const BOB = "776a00e29f3559e0141b3b096f696abc6cfb0c657ab40f441132b345b08453f5";
const CARL = "2f89b9272acfc8f4a0a0f094d789fdb0ba798b0fe41f2f5f417c12f0085ff498";

/** A folder with the reference demo's keys and an empty layout. */
async function folder(): Promise<string> {
  const directory = await tempDir(
    ...["alice", "alice.pub", "bob.pub", "carl.pub"].map((name) =>
      `demo_files/${name}`
    ),
  );
  const init = await intoto([
    "layout",
    "init",
    "root.layout",
    "--expires",
    "6m",
  ], { cwd: directory });
  assert.equal(init.code, 0, init.stderr);
  return directory;
}

function ok(result: RunResult, stderr: RegExp): void {
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, stderr);
}

/** One `error:` line that matches `message`, exit 2. */
function badInput(result: RunResult, message: RegExp): void {
  assert.equal(result.code, 2, result.stderr);
  assert.equal(result.stdout, "");
  const lines = result.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, result.stderr);
  assert.match(lines[0]!, /^error: /);
  assert.match(lines[0]!, message);
}

Deno.test("layout commands build a layout step by step, say what changed, and in-toto-sign signs it", async () => {
  const cwd = await folder();
  const run = (...args: string[]) => intoto(["layout", ...args], { cwd });
  ok(
    await run("add-key", "root.layout", "bob.pub", "carl.pub"),
    new RegExp(
      `^Added rsa key ${BOB} from "bob.pub"\nAdded rsa key ${CARL} from "carl.pub"\n$`,
    ),
  );
  ok(
    await run("add-key", "root.layout", "bob.pub"),
    new RegExp(`^Key ${BOB} from "bob.pub" is already in the layout\n$`),
  );
  ok(
    await run(
      "add-step",
      "root.layout",
      "--name",
      "write-code",
      "--key",
      BOB.slice(0, 8),
      "--product",
      "CREATE foo.py",
      "DISALLOW *",
      "--expected-command",
      "vi foo.py",
    ),
    /^Added step "write-code": 1 of 776a00e2; 0 material rule\(s\), 2 product rule\(s\); expected command "vi foo.py"\n$/,
  );
  ok(
    await run(
      "add-step",
      "root.layout",
      "-n",
      "package",
      "-k",
      "carl.pub",
      "bob.pub",
      "-t",
      "2",
      "-m",
      "MATCH foo.py WITH PRODUCTS FROM write-code",
      "DISALLOW *",
      "-p",
      "CREATE foo.tar.gz",
      "DISALLOW *",
      "-c",
      "tar zcvf foo.tar.gz foo.py",
    ),
    /^Added step "package": 2 of 2f89b927, 776a00e2; 2 material rule\(s\), 2 product rule\(s\)/,
  );
  ok(
    await run(
      "add-inspection",
      "root.layout",
      "--name",
      "untar",
      "--run",
      "tar xzf foo.tar.gz",
      "--material",
      "MATCH foo.tar.gz WITH PRODUCTS FROM package",
      "ALLOW root.layout",
      "DISALLOW *",
      "--product",
      "MATCH foo.py WITH PRODUCTS FROM write-code",
      "ALLOW *",
    ),
    /^Added inspection "untar": runs "tar xzf foo.tar.gz"; 3 material rule\(s\), 2 product rule\(s\)\n$/,
  );
  ok(
    await run("set-expiry", "root.layout", "2031-05-06"),
    /^Expiry: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ -> 2031-05-06T00:00:00Z\n$/,
  );
  ok(
    await run("add-step", "root.layout", "-n", "extra", "-k", BOB),
    /Added step "extra"/,
  );
  ok(await run("rm-step", "root.layout", "extra"), /^Removed step "extra"\n$/);

  const layout = parseJson(await Deno.readFile(join(cwd, "root.layout"))) as {
    signed: { steps: { name: string; pubkeys: string[]; threshold: number }[] };
    signatures: unknown[];
  };
  assert.deepEqual(layout.signatures, []);
  assert.deepEqual(
    layout.signed.steps.map((
      step,
    ) => [step.name, step.pubkeys, step.threshold]),
    [["write-code", [BOB], 1], ["package", [CARL, BOB], 2]],
  );
  const signed = await reference("in-toto-sign", [
    "-f",
    "root.layout",
    "-k",
    "alice",
  ], { cwd });
  assert.equal(signed.code, 0, signed.stderr);
  const verified = await intoto([
    "sign",
    "-f",
    "root.layout",
    "-k",
    "alice.pub",
    "--verify",
  ], { cwd });
  assert.equal(verified.code, 0, verified.stderr);

  // Editing a signed layout drops its signatures, and says so.
  const removed = await run("rm-step", "root.layout", "write-code");
  assert.equal(removed.code, 0, removed.stderr);
  assert.match(
    removed.stderr,
    /^warning: step "package" materials: MATCH foo.py WITH PRODUCTS FROM write-code still names "write-code"\n/m,
  );
  assert.match(
    removed.stderr,
    /warning: "root.layout" had 1 signature\(s\), which no longer match: it is unsigned now; sign it again/,
  );
  const unsigned = parseJson(await Deno.readFile(join(cwd, "root.layout"))) as {
    signatures: unknown[];
  };
  assert.deepEqual(unsigned.signatures, []);
});

Deno.test("layout commands reject bad input with one error line, exit 2, and leave the file as it was", async () => {
  const cwd = await folder();
  const run = (...args: string[]) => intoto(["layout", ...args], { cwd });
  assert.equal((await run("add-key", "root.layout", "bob.pub")).code, 0);
  assert.equal(
    (await run("add-step", "root.layout", "-n", "build", "-k", BOB)).code,
    0,
  );
  const before = await Deno.readTextFile(join(cwd, "root.layout"));
  const cases: [string[], RegExp][] = [
    [
      ["init", "root.layout"],
      /"root.layout" exists: .*overwrite it with "--force"/,
    ],
    [
      ["init", "new.layout", "--expires", "tomorrow"],
      /Invalid expiry "tomorrow"/,
    ],
    [["init"], /missing FILE/],
    [["add-key", "root.layout"], /missing public key file \(PUB\)/],
    [["add-key", "root.layout", "missing.pub"], /"missing.pub"/],
    [
      ["add-key", "root.layout", "root.layout"],
      /Cannot load key "root.layout"/,
    ],
    [
      ["add-key", "root.layout", "carl.pub", "--flavour", "new"],
      /invalid value "new" for option "--flavour"/,
    ],
    [
      ["add-step", "root.layout", "-k", BOB],
      /missing required option "-n\/--name"/,
    ],
    [
      ["add-step", "root.layout", "-n", "x"],
      /missing required option "-k\/--key"/,
    ],
    [
      ["add-step", "root.layout", "-n", "build", "-k", BOB],
      /Cannot add step "build": a step of that name exists: remove it first/,
    ],
    [
      ["add-step", "root.layout", "-n", "x", "-k", "carl.pub"],
      /The key in "carl.pub" is not in the layout: add it first with "intoto layout add-key"/,
    ],
    [
      ["add-step", "root.layout", "-n", "x", "-k", "deadbeef"],
      /No key of the layout has the keyid "deadbeef"/,
    ],
    [
      ["add-step", "root.layout", "-n", "x", "-k", BOB, "-t", "2"],
      /threshold must be from 1 to the number of its keys \(1\), not 2/,
    ],
    [
      ["add-step", "root.layout", "-n", "x", "-k", BOB, "-t", "two"],
      /invalid value "two" for option "-t\/--threshold"/,
    ],
    [
      [
        "add-step",
        "root.layout",
        "-n",
        "x",
        "-k",
        BOB,
        "-m",
        "MATCH foo WITH PRODUCT FROM y",
      ],
      /Cannot parse rule "MATCH foo WITH PRODUCT FROM y": expected MATCH <pattern>/,
    ],
    [
      ["add-step", "root.layout", "-n", "x", "-k", BOB, "-p", "CREATE dist/"],
      /the pattern "dist\/" can never match a recorded name.*write "dist\/\*"/,
    ],
    [
      ["add-step", "root.layout", "-n", "x", "-k", BOB, "-c", 'echo "hi'],
      /Cannot split "echo "hi" into words: a double quote is not closed/,
    ],
    [
      ["add-step", "root.layout", "-n", "../x", "-k", BOB],
      /Cannot add step "..\/x": .*not safe as a file name/,
    ],
    [
      ["add-inspection", "root.layout", "-n", "check"],
      /missing required option "-r\/--run"/,
    ],
    [
      ["add-inspection", "root.layout", "-n", "check", "-r", ""],
      /the command is empty/,
    ],
    [["set-expiry", "root.layout"], /missing WHEN/],
    [
      ["set-expiry", "root.layout", "2027-13-01"],
      /Invalid expiry "2027-13-01"/,
    ],
    [
      ["set-expiry", "root.layout", "1y", "extra"],
      /unexpected argument "extra"/,
    ],
    [
      ["rm-step", "root.layout", "nope"],
      /The layout has no step or inspection "nope" \(it has "build"\)/,
    ],
    [["rm-step", "missing.layout", "build"], /"missing.layout"/],
    [["rm-step", "alice.pub", "build"], /alice.pub/],
    [
      ["add-step", "root.layout", "--nmae", "x"],
      /unknown option "--nmae" for "intoto layout add-step": did you mean "--name"\?/,
    ],
    [["lint"], /missing FILE/],
    [["lint", "nothing.layout"], /"nothing.layout"/],
    [["lint", "alice.pub"], /"alice.pub"/],
    [["frobnicate"], /unknown command "layout frobnicate"/],
  ];
  for (const [args, message] of cases) {
    badInput(await run(...args), message);
  }
  assert.equal(await Deno.readTextFile(join(cwd, "root.layout")), before);
  const left = (await Array.fromAsync(Deno.readDir(cwd))).map((entry) =>
    entry.name
  ).sort();
  assert.deepEqual(left, [
    "alice",
    "alice.pub",
    "bob.pub",
    "carl.pub",
    "root.layout",
  ]);
});

Deno.test("layout lint prints findings, exits 1 on errors only, reads signed layouts, and --json gives data", async () => {
  const cwd = await folder();
  const run = (...args: string[]) => intoto(["layout", ...args], { cwd });
  assert.equal(
    (await run("add-key", "root.layout", "bob.pub", "carl.pub")).code,
    0,
  );
  assert.equal(
    (await run(
      "add-step",
      "root.layout",
      "-n",
      "build",
      "-k",
      BOB,
      "-m",
      "DISALLOW *",
      "-p",
      "DISALLOW *",
    )).code,
    0,
  );
  const unused =
    `warning[unused-key] keys["${CARL}"]: key "${CARL}" is listed but no step uses it: remove it, or add it to the step it is for\n`;
  const warned = await run("lint", "root.layout");
  assert.equal(warned.code, 0, warned.stderr);
  assert.equal(warned.stdout, unused);
  assert.equal(warned.stderr, "root.layout: 0 error(s), 1 warning(s)\n");

  assert.equal((await run("rm-step", "root.layout", "build")).code, 0);
  assert.equal(
    (await run(
      "add-step",
      "root.layout",
      "-n",
      "build",
      "-k",
      BOB,
      "-m",
      "DISALLOW *",
      "-p",
      "ALLOW *",
      "DISALLOW *",
    )).code,
    0,
  );
  const signed = await intoto(["sign", "-f", "root.layout", "-k", "alice"], {
    cwd,
  });
  assert.equal(signed.code, 0, signed.stderr);
  const failed = await run("lint", "root.layout");
  assert.equal(failed.code, 1, failed.stderr);
  assert.equal(
    failed.stdout,
    unused +
      `error[shadowed-rule] steps[0].expected_products[1]: step "build" products rule "DISALLOW *" can never match: "ALLOW *" before it already consumes everything it selects; move it before that rule\n`,
  );
  assert.equal(failed.stderr, "root.layout: 1 error(s), 1 warning(s)\n");

  const json = await run("lint", "root.layout", "--json");
  assert.equal(json.code, 1, json.stderr);
  assert.equal(json.stderr, "");
  const report = JSON.parse(json.stdout);
  assert.equal(report.file, "root.layout");
  assert.equal(report.errors, 1);
  assert.equal(report.warnings, 1);
  assert.deepEqual(report.findings[1], {
    severity: "error",
    check: "shadowed-rule",
    path: "steps[0].expected_products[1]",
    item: { type: "step", name: "build" },
    rule: "DISALLOW *",
    message:
      `step "build" products rule "DISALLOW *" can never match: "ALLOW *" before it already consumes everything it selects; move it before that rule`,
  });
});
