// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto verify` as a subprocess on the reference's demo (layout signed by
 * in-toto-sign 1.3.1 and by us), a table of tampered variants checked
 * against in-toto-verify 1.3.1, and the command line.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { intoto, reference, tempDir } from "../_helpers.ts";
import { demo } from "./_demo.ts";

/** `intoto verify` of the demo's root.layout with alice's key. */
const VERIFY = ["verify", "-l", "root.layout", "-k", "alice.pub"];

const BOB_KEYID =
  "776a00e29f3559e0141b3b096f696abc6cfb0c657ab40f441132b345b08453f5";
const CARL_KEYID =
  "2f89b9272acfc8f4a0a0f094d789fdb0ba798b0fe41f2f5f417c12f0085ff498";

/** A copy of a folder, so each verifier sees the same untouched files. */
async function copyOf(directory: string): Promise<string> {
  const copy = await tempDir();
  for await (const entry of Deno.readDir(directory)) {
    await Deno.copyFile(join(directory, entry.name), join(copy, entry.name));
  }
  return copy;
}

async function bothVerify(directory: string, extra: string[] = []) {
  const args = ["-l", "root.layout", "-k", "alice.pub", ...extra];
  const ours = await intoto(["verify", ...args], {
    cwd: await copyOf(directory),
  });
  const theirs = await reference("in-toto-verify", args, {
    cwd: await copyOf(directory),
  });
  return { ours, theirs };
}

Deno.test("intoto verify passes the reference demo signed by in-toto-sign", async () => {
  const directory = await demo();
  const { ours, theirs } = await bothVerify(directory);
  assert.equal(theirs.code, 0, theirs.stderr);
  assert.equal(ours.code, 0, ours.stderr);
  assert.match(ours.stderr, /^PASSED: /m);
  assert.equal(ours.stdout, "");
});

Deno.test("intoto verify passes the reference demo signed by intoto sign, and so does in-toto-verify", async () => {
  const directory = await demo({ sign: "ours" });
  const { ours, theirs } = await bothVerify(directory);
  assert.equal(ours.code, 0, ours.stderr);
  assert.equal(theirs.code, 0, theirs.stderr);
});

Deno.test("intoto verify writes nothing but what the inspection does", async () => {
  const directory = await demo();
  const before = new Set<string>();
  for await (const entry of Deno.readDir(directory)) before.add(entry.name);
  const result = await intoto([
    ...VERIFY,
  ], {
    cwd: directory,
  });
  assert.equal(result.code, 0, result.stderr);
  const added: string[] = [];
  for await (const entry of Deno.readDir(directory)) {
    if (!before.has(entry.name)) added.push(entry.name);
  }
  // tar extracted foo.py; in-toto-verify would also write untar.link.
  assert.deepEqual(added, ["foo.py"]);
});

interface Variant {
  name: string;
  edit?: string;
  signer?: string;
  prepare?: (directory: string) => Promise<void>;
  message: RegExp;
}

const VARIANTS: Variant[] = [
  {
    name: "changed product",
    edit:
      `layout["inspect"][0]["expected_materials"].append(["DISALLOW", "foo.tar.gz"])`,
    prepare: replaceTarball,
    message:
      /Inspection "untar" materials: rule "MATCH foo\.tar\.gz WITH PRODUCTS FROM package" failed: "foo\.tar\.gz" has sha256 [0-9a-f]+\.\.\. but package produced [0-9a-f]+\.\.\. \(rejected by rule "DISALLOW foo\.tar\.gz"\)/,
  },
  {
    name: "missing link",
    prepare: (directory) =>
      Deno.remove(join(directory, "package.2f89b927.link")),
    message:
      /Step "package": threshold 1 not met: found 0 .*no link file found; looked for "package\.2f89b927\.link"/,
  },
  {
    name: "expired layout",
    edit: 'layout["expires"] = "2020-01-01T00:00:00Z"',
    message: /Layout "root\.layout" expired on 2020-01-01T00:00:00Z/,
  },
  {
    name: "wrong signer",
    prepare: async (directory) => {
      const resigned = await reference("in-toto-sign", [
        "-f",
        "package.2f89b927.link",
        "-k",
        "bob",
        "-o",
        "package.2f89b927.link",
      ], { cwd: directory });
      assert.equal(resigned.code, 0, resigned.stderr);
    },
    message:
      /Step "package": threshold 1 not met: found 0 .*"package\.2f89b927\.link" rejected: no signature on it verifies with key "2f89b927/,
  },
  {
    name: "disallowed artifact",
    edit: 'layout["steps"][0]["expected_products"] = [["DISALLOW", "foo.py"]]',
    message:
      /Step "write-code" products: rule "DISALLOW foo\.py" failed.*"foo\.py"/,
  },
  {
    name: "failing inspection",
    edit: 'layout["inspect"][0]["run"] = ["tar", "xfz", "missing.tar.gz"]',
    message:
      /Inspection "untar" failed: "tar xfz missing\.tar\.gz" exited with 2/,
  },
  {
    name: "threshold not met",
    edit: `layout["steps"][0]["pubkeys"] = ["${BOB_KEYID}", "${CARL_KEYID}"]
layout["steps"][0]["threshold"] = 2`,
    message:
      /Step "write-code": threshold 2 not met: found 1 valid link\(s\) signed by distinct authorized keys/,
  },
  {
    name: "layout signed by a stranger",
    signer: "bob",
    message:
      /Cannot verify layout "root\.layout": no signature on it verifies with key "556caebd/,
  },
];

for (const variant of VARIANTS) {
  Deno.test(`intoto verify fails like in-toto-verify for a ${variant.name}`, async () => {
    const directory = await demo({
      ...(variant.edit === undefined ? {} : { edit: variant.edit }),
      ...(variant.signer === undefined ? {} : { signer: variant.signer }),
    });
    await variant.prepare?.(directory);
    const { ours, theirs } = await bothVerify(directory);
    assert.equal(theirs.code, 1, `reference: ${theirs.stderr}`);
    assert.equal(ours.code, 1, ours.stderr);
    assert.match(ours.stderr, /^error: /m);
    assert.match(ours.stderr, variant.message);
  });
}

async function replaceTarball(directory: string): Promise<void> {
  await Deno.writeTextFile(join(directory, "foo.py"), "evil = True\n");
  const tar = await new Deno.Command("tar", {
    args: ["czf", "foo.tar.gz", "foo.py"],
    cwd: directory,
  }).output();
  assert.ok(tar.success);
  await Deno.remove(join(directory, "foo.py"));
}

Deno.test("intoto verify A3 passes like in-toto-verify when the demo's MATCH falls through", async () => {
  // The demo inspection only MATCHes foo.tar.gz; a different tarball is then
  // allowed by the implicit ALLOW * (reference semantics, kept): the layout
  // must add a DISALLOW, as the "changed product" variant does.
  const directory = await demo();
  await replaceTarball(directory);
  const { ours, theirs } = await bothVerify(directory);
  assert.equal(theirs.code, 0, theirs.stderr);
  assert.equal(ours.code, 0, ours.stderr);
});

Deno.test("intoto verify --report json prints the report on stdout, also on failure", async () => {
  const directory = await demo();
  await Deno.remove(join(directory, "package.2f89b927.link"));
  const result = await intoto([
    ...VERIFY,
    "--report",
    "json",
  ], { cwd: directory });
  assert.equal(result.code, 1, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.passed, false);
  assert.equal(report.failure.stage, "links");
  assert.equal(report.failure.code, "THRESHOLD_NOT_MET");
  // The legacy keyid's file name, then the modern keyid's.
  assert.equal(report.steps[1].expected[0], "package.2f89b927.link");
  assert.equal(report.steps[1].expected.length, 2);
});

Deno.test("intoto verify --report json names the summary link after the layout file", async () => {
  const directory = await demo();
  const result = await intoto(
    [
      "verify",
      "-l",
      join(directory, "root.layout"),
      "-k",
      "alice.pub",
      "--report",
      "json",
    ],
    { cwd: directory },
  );
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout);
  assert.equal(report.passed, true);
  assert.equal(report.summary.name, "root.layout");
});

Deno.test("intoto verify says when the layout is a link, unsigned, or signed by other keys", async () => {
  const directory = await demo({ signer: "bob" });
  const link = await intoto(
    ["verify", "-l", "package.2f89b927.link", "-k", "alice.pub"],
    { cwd: directory },
  );
  assert.equal(link.code, 2, link.stderr);
  assert.equal(
    link.stderr,
    'error: Cannot verify layout "package.2f89b927.link": it is a link, not a layout; pass the signed layout with -l\n',
  );
  const unsigned = await intoto(
    ["verify", "-l", "demo.layout.template", "-k", "alice.pub"],
    { cwd: directory },
  );
  assert.equal(unsigned.code, 1, unsigned.stderr);
  assert.match(
    unsigned.stderr,
    /^error: Cannot verify layout "demo\.layout\.template": it has no signatures; the project owner signs it with "intoto sign"$/m,
  );
  const other = await intoto(VERIFY, { cwd: directory });
  assert.equal(other.code, 1, other.stderr);
  assert.match(
    other.stderr,
    new RegExp(
      `^error: Cannot verify layout "root\\.layout": no signature on it verifies with key "556caebd[0-9a-f]{56}"; its signatures name keyid "${BOB_KEYID}"$`,
      "m",
    ),
  );
});

Deno.test("intoto verify -v walks through the stages, -q prints nothing", async () => {
  const directory = await demo();
  const verbose = await intoto([
    "verify",
    "-v",
    "-l",
    "root.layout",
    "-k",
    "alice.pub",
  ], { cwd: await copyOf(directory) });
  assert.equal(verbose.code, 0, verbose.stderr);
  assert.match(verbose.stderr, /ok layout-signatures/);
  assert.match(verbose.stderr, /used link "package\.2f89b927\.link"/);
  assert.match(verbose.stderr, /ok inspection-rules/);
  const quiet = await intoto(
    [...VERIFY, "-q"],
    { cwd: await copyOf(directory) },
  );
  assert.equal(quiet.code, 0, quiet.stderr);
  assert.equal(quiet.stderr + quiet.stdout, "");
});

Deno.test("intoto verify --verification-keys takes the modern keyid flavour", async () => {
  const directory = await demo({ sign: "ours" });
  const result = await intoto([
    "verify",
    "-l",
    "root.layout",
    "--verification-keys",
    "alice.pub",
    "--report",
    "json",
  ], { cwd: directory });
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout).layoutKeys, [
    "c8ef46bd3ccb95e2617a80e447d0c8c6338f85334c2f6c6cb640e140fc183763",
  ]);
});

Deno.test("intoto verify --link-dir and --param", async () => {
  const directory = await demo({
    edit: 'layout["inspect"][0]["run"] = ["tar", "xfz", "{archive}"]',
  });
  const links = join(directory, "links");
  await Deno.mkdir(links);
  for (const name of ["package.2f89b927.link", "write-code.776a00e2.link"]) {
    await Deno.rename(join(directory, name), join(links, name));
  }
  const args = [
    ...VERIFY,
    "--link-dir",
    "links",
  ];
  const missing = await intoto(args, { cwd: directory });
  assert.equal(missing.code, 2, missing.stderr);
  assert.match(
    missing.stderr,
    /no value for "\{archive\}": give parameter "archive" a value \(--param archive=VALUE\)/,
  );
  const given = await intoto([...args, "--param", "archive=foo.tar.gz"], {
    cwd: directory,
  });
  assert.equal(given.code, 0, given.stderr);
});

Deno.test("intoto verify rejects bad usage with exit 2", async () => {
  const directory = await demo();
  const cases: [string[], RegExp][] = [
    [["-k", "alice.pub"], /missing required option "-l\/--layout"/],
    [["-l", "root.layout"], /missing layout key/],
    [
      ["-l", "root.layout", "-k", "alice.pub", "-t", "rsa", "rsa"],
      /give one "-t\/--key-types" value per "-k\/--layout-keys" key, in order: 1 key\(s\), 2 type\(s\)/,
    ],
    [["-l", "root.layout", "-k", "alice.pub", "--report", "xml"], /"--report"/],
    [
      ["-l", "root.layout", "-k", "alice.pub", "--inspection-timeout", "soon"],
      /--inspection-timeout/,
    ],
    [
      ["-l", "root.layout", "-k", "alice.pub", "--param", "a b=1"],
      /Cannot use parameter "a b"/,
    ],
    [["-l", "missing.layout", "-k", "alice.pub"], /missing\.layout/],
  ];
  for (const [args, message] of cases) {
    const result = await intoto(["verify", ...args], { cwd: directory });
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assert.match(result.stderr, message);
  }
});

Deno.test("intoto verify exits 2 for a link file that is not JSON", async () => {
  const directory = await demo();
  await Deno.writeTextFile(join(directory, "package.2f89b927.link"), "{oops");
  const result = await intoto(
    VERIFY,
    { cwd: directory },
  );
  assert.equal(result.code, 2, result.stderr);
  assert.match(result.stderr, /package\.2f89b927\.link/);
});
