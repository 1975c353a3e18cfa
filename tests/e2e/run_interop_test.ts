// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto run`, `record` and `mock` against in-toto 1.3.1: the same tree,
 * key and flags give the same link, byte for byte, and in-toto-verify
 * accepts a chain of links we recorded.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { canonicalBytes } from "../../lib/json/canonical.ts";
import { parseJson } from "../../lib/json/parse.ts";
import { FIXTURES, intoto, reference, tempDir } from "../_helpers.ts";

const DANNY = join(FIXTURES, "demo_files", "danny");
const KEY = ["-k", DANNY, "-t", "ed25519"];
const DANNY_LINK = (name: string) => `${name}.36a5529f.link`;

/** A tree with the cases recording must agree on. */
async function makeTree(dir: string): Promise<void> {
  const files: Record<string, string> = {
    "tree/a.txt": "alpha\n",
    "tree/empty": "",
    "tree/with space.txt": "spaces",
    "tree/é ü/日本.txt": "non-ascii",
    "tree/sub/deeper/b.py": "print(1)\r\n",
    "tree/sub/c.pyc": "compiled",
    "tree/sub/backup~": "old",
    "tree/sub/old.link": "{}",
    "tree/.git/HEAD": "ref",
    "tree/.hidden": "dot",
    "tree/other/d.txt": "delta",
  };
  // Enough files for the hashing queue to start its workers.
  for (let i = 0; i < 130; i++) {
    files[`tree/many/f${String(i).padStart(3, "0")}`] = `file ${i}\n`.repeat(i);
  }
  for (const [path, content] of Object.entries(files)) {
    await Deno.mkdir(join(dir, path, ".."), { recursive: true });
    await Deno.writeTextFile(join(dir, path), content);
  }
  await Deno.symlink("a.txt", join(dir, "tree/link-to-a"));
  await Deno.symlink("../a.txt", join(dir, "tree/sub/up-link"));
  await Deno.symlink("missing", join(dir, "tree/dangling"));
}

/** Runs ours and the reference in two copies of the tree; returns both. */
async function bothRun(
  args: string[],
  options: { ours?: string[]; tool?: string; file: string } = {
    file: DANNY_LINK("s"),
  },
): Promise<{ ours: Uint8Array; theirs: Uint8Array }> {
  const ourDir = await tempDir();
  const theirDir = await tempDir();
  await makeTree(ourDir);
  await makeTree(theirDir);
  const tool = options.tool ?? "in-toto-run";
  const subcommand = tool.replace("in-toto-", "").split(" ");
  const ours = await intoto([...subcommand, ...(options.ours ?? args)], {
    cwd: ourDir,
  });
  assert.equal(ours.code, 0, ours.stderr);
  const theirs = await reference(tool, args, { cwd: theirDir });
  assert.equal(theirs.code, 0, theirs.stderr);
  return {
    ours: await Deno.readFile(join(ourDir, options.file)),
    theirs: await Deno.readFile(join(theirDir, options.file)),
  };
}

function signedPart(bytes: Uint8Array, field: string): string {
  const file = parseJson(bytes);
  assert.ok(file !== null && typeof file === "object" && !Array.isArray(file));
  const signed = file.signed;
  assert.ok(signed && typeof signed === "object" && !Array.isArray(signed));
  return new TextDecoder().decode(canonicalBytes(signed[field]!));
}

const CASES: { name: string; args: string[]; ours?: string[] }[] = [
  { name: "default excludes", args: ["-m", "tree", "-p", "tree"] },
  {
    name: "custom excludes",
    args: ["-m", "tree", "--exclude", "*.txt", "sub"],
  },
  {
    name: "several paths",
    args: ["-m", "tree/sub", "tree/empty", "tree/a.txt"],
  },
  { name: "--base-path", args: ["--base-path", "tree", "-m", "a.txt", "sub"] },
  { name: "--base-path dot", args: ["--base-path", "tree", "-m", "."] },
  {
    name: "--lstrip-paths",
    args: [
      "-m",
      "tree/sub",
      "tree/other",
      "--lstrip-paths",
      "tree/sub/",
      "tree/o",
    ],
  },
  { name: "dot", args: ["-m", "."] },
];

for (const { name, args } of CASES) {
  Deno.test(`intoto run: link equals in-toto-run 1.3.1 byte for byte (${name})`, async () => {
    const { ours, theirs } = await bothRun(["-n", "s", ...KEY, ...args, "-x"]);
    assert.equal(
      signedPart(ours, "materials"),
      signedPart(theirs, "materials"),
    );
    assert.equal(signedPart(ours, "products"), signedPart(theirs, "products"));
    // Ed25519 signatures are deterministic: the whole files agree.
    assert.equal(
      new TextDecoder().decode(ours),
      new TextDecoder().decode(theirs),
    );
  });
}

Deno.test("intoto run --follow-symlink-dirs records a folder once under its own name, where 1.3.1 records it again behind each link", async () => {
  const ourDir = await tempDir();
  const theirDir = await tempDir();
  try {
    for (const dir of [ourDir, theirDir]) {
      await makeTree(dir);
      await Deno.symlink("other", join(dir, "tree/other-link"));
    }
    const args = ["-n", "s", ...KEY, "-m", "tree", "-x"];
    const ours = await intoto(["run", ...args, "--follow-symlink-dirs"], {
      cwd: ourDir,
    });
    assert.equal(ours.code, 0, ours.stderr);
    assert.equal(
      ours.stderr,
      'warning: Skipping "tree/dangling": it is a dangling symbolic link\n' +
        'warning: Skipping "tree/other-link": it is a symbolic link to "tree/other", which is recorded already\n' +
        'Wrote "s.36a5529f.link": 139 materials, 0 products\n',
    );
    assert.equal(
      (await reference("in-toto-run", args, { cwd: theirDir })).code,
      0,
    );
    const file = DANNY_LINK("s");
    const ourMaterials = signedPart(
      await Deno.readFile(join(ourDir, file)),
      "materials",
    );
    const theirMaterials = signedPart(
      await Deno.readFile(join(theirDir, file)),
      "materials",
    );
    assert.match(theirMaterials, /tree\/other-link\/d\.txt/);
    assert.equal(
      ourMaterials,
      theirMaterials.replace(/"tree\/other-link\/d\.txt":\{[^}]*\},/, ""),
    );
  } finally {
    await Deno.remove(ourDir, { recursive: true });
    await Deno.remove(theirDir, { recursive: true });
  }
});

Deno.test("intoto run: a symlink leaving the recorded folder is skipped with a warning (F2), unlike 1.3.1", async () => {
  const dir = await tempDir();
  await makeTree(dir);
  const args = ["-n", "s", ...KEY, "--base-path", "tree/sub", "-m", ".", "-x"];
  const ours = await intoto(["run", ...args], { cwd: dir });
  assert.equal(ours.code, 0, ours.stderr);
  assert.match(ours.stderr, /warning: .*up-link/);
  const materials = signedPart(
    await Deno.readFile(join(dir, DANNY_LINK("s"))),
    "materials",
  );
  assert.doesNotMatch(materials, /up-link/);
  assert.match(materials, /deeper\/b\.py/);
  const theirs = await reference("in-toto-run", args, { cwd: dir });
  assert.equal(theirs.code, 0, theirs.stderr);
  assert.match(
    signedPart(await Deno.readFile(join(dir, DANNY_LINK("s"))), "materials"),
    /up-link/,
  );
});

Deno.test("intoto run: command and recorded streams equal in-toto-run 1.3.1's", async () => {
  const command = ["sh", "-c", "printf 'out\\r\\nx'; echo é >&2; exit 4"];
  for (const streams of [[], ["-s"]]) {
    const { ours, theirs } = await bothRun([
      "-n",
      "s",
      ...KEY,
      "-m",
      "tree/a.txt",
      "-p",
      "tree/a.txt",
      ...streams,
      "--",
      ...command,
    ]);
    assert.equal(
      new TextDecoder().decode(ours),
      new TextDecoder().decode(theirs),
    );
  }
});

Deno.test("intoto mock: unsigned <name>.link equals in-toto-mock 1.3.1's", async () => {
  const { ours, theirs } = await bothRun(
    ["--name", "m", "--", "sh", "-c", "echo made > tree/new.txt"],
    { tool: "in-toto-mock", file: "m.link" },
  );
  assert.equal(
    new TextDecoder().decode(ours),
    new TextDecoder().decode(theirs),
  );
  assert.match(signedPart(ours, "products"), /tree\/new\.txt/);
});

Deno.test("intoto record: start and stop give in-toto-record 1.3.1's link", async () => {
  const ourDir = await tempDir();
  const theirDir = await tempDir();
  const start = ["start", "-n", "edit", ...KEY, "-m", "tree"];
  const stop = ["stop", "-n", "edit", ...KEY, "-p", "tree"];
  for (const dir of [ourDir, theirDir]) await makeTree(dir);
  for (const [argv, label] of [[start, "start"], [stop, "stop"]] as const) {
    const ours = await intoto(["record", ...argv], { cwd: ourDir });
    assert.equal(ours.code, 0, `${label}: ${ours.stderr}`);
    const theirs = await reference("in-toto-record", argv, { cwd: theirDir });
    assert.equal(theirs.code, 0, `${label}: ${theirs.stderr}`);
    if (label === "start") {
      await Deno.writeTextFile(join(ourDir, "tree/a.txt"), "changed");
      await Deno.writeTextFile(join(theirDir, "tree/a.txt"), "changed");
      const unfinished = ".edit.36a5529f.link-unfinished";
      assert.equal(
        await Deno.readTextFile(join(ourDir, unfinished)),
        await Deno.readTextFile(join(theirDir, unfinished)),
      );
    }
  }
  assert.equal(
    await Deno.readTextFile(join(ourDir, DANNY_LINK("edit"))),
    await Deno.readTextFile(join(theirDir, DANNY_LINK("edit"))),
  );
  await assert.rejects(
    Deno.stat(join(ourDir, ".edit.36a5529f.link-unfinished")),
  );
});

Deno.test("intoto record: stop finishes what in-toto-record 1.3.1 started, and the reverse", async () => {
  const dir = await tempDir();
  await makeTree(dir);
  const start = ["start", "-n", "a", ...KEY, "-m", "tree/a.txt"];
  const stop = ["stop", "-n", "a", ...KEY, "-p", "tree/empty"];
  assert.equal(
    (await reference("in-toto-record", start, { cwd: dir })).code,
    0,
  );
  const ours = await intoto(["record", ...stop], { cwd: dir });
  assert.equal(ours.code, 0, ours.stderr);
  const ourStart = await intoto([
    "record",
    ...start.map((a) => a === "a" ? "b" : a),
  ], {
    cwd: dir,
  });
  assert.equal(ourStart.code, 0, ourStart.stderr);
  const theirStop = await reference(
    "in-toto-record",
    stop.map((a) => a === "a" ? "b" : a),
    { cwd: dir },
  );
  assert.equal(theirStop.code, 0, theirStop.stderr);
  const a = await Deno.readTextFile(join(dir, DANNY_LINK("a")));
  const b = await Deno.readTextFile(join(dir, DANNY_LINK("b")));
  assert.equal(
    a.replace(/"name": "a"/, '"name": "b"').replace(/"sig": "\w+"/, ""),
    b.replace(/"sig": "\w+"/, ""),
  );
});

Deno.test("in-toto-verify 1.3.1 accepts a chain of links recorded by intoto", async () => {
  const dir = await tempDir(
    "demo_files/alice",
    "demo_files/alice.pub",
    "demo_files/danny.pub",
  );
  const danny = parseJson(await Deno.readTextFile(join(dir, "danny.pub")));
  assert.ok(
    danny !== null && typeof danny === "object" && !Array.isArray(danny),
  );
  const keyid =
    "36a5529f72cf3b1cc096a28887350969212f9d6c46529658ab186fc0cb781699";
  const layout = {
    signatures: [],
    signed: {
      _type: "layout",
      expires: "2099-01-01T00:00:00Z",
      readme: "",
      keys: { [keyid]: { ...danny, keyid } },
      steps: [
        {
          _type: "step",
          name: "write",
          threshold: 1,
          pubkeys: [keyid],
          expected_command: [],
          expected_materials: [],
          expected_products: [["CREATE", "src/foo.py"], ["DISALLOW", "*"]],
        },
        {
          _type: "step",
          name: "package",
          threshold: 1,
          pubkeys: [keyid],
          expected_command: [],
          expected_materials: [
            ["MATCH", "src/foo.py", "WITH", "PRODUCTS", "FROM", "write"],
            ["DISALLOW", "*"],
          ],
          expected_products: [["CREATE", "foo.tar.gz"], ["DISALLOW", "*"]],
        },
      ],
      inspect: [],
    },
  };
  await Deno.writeTextFile(join(dir, "root.layout"), JSON.stringify(layout));
  const signed = await reference("in-toto-sign", [
    "-f",
    "root.layout",
    "-k",
    "alice",
  ], {
    cwd: dir,
  });
  assert.equal(signed.code, 0, signed.stderr);
  await Deno.mkdir(join(dir, "src"));
  const steps: string[][] = [
    [
      "run",
      "-n",
      "write",
      ...KEY,
      "-p",
      "src",
      "--",
      "sh",
      "-c",
      "echo 'print(1)' > src/foo.py",
    ],
    ["record", "start", "-n", "package", ...KEY, "-m", "src"],
    ["record", "stop", "-n", "package", ...KEY, "-p", "foo.tar.gz"],
  ];
  for (const [index, argv] of steps.entries()) {
    if (index === 2) {
      const tar = await new Deno.Command("tar", {
        args: ["czf", "foo.tar.gz", "src/foo.py"],
        cwd: dir,
      }).output();
      assert.ok(tar.success);
    }
    const result = await intoto(argv, { cwd: dir });
    assert.equal(result.code, 0, result.stderr);
  }
  const verified = await reference(
    "in-toto-verify",
    ["-l", "root.layout", "-k", "alice.pub"],
    { cwd: dir },
  );
  assert.equal(verified.code, 0, verified.stderr + verified.stdout);
  // And it fails when a product changes after the fact.
  await Deno.writeTextFile(join(dir, "src/foo.py"), "tampered");
  const again = await intoto(
    ["record", "start", "-n", "package", ...KEY, "-m", "src"],
    { cwd: dir },
  );
  assert.equal(again.code, 0, again.stderr);
  const stop = await intoto(
    ["record", "stop", "-n", "package", ...KEY, "-p", "foo.tar.gz"],
    { cwd: dir },
  );
  assert.equal(stop.code, 0, stop.stderr);
  const failed = await reference(
    "in-toto-verify",
    ["-l", "root.layout", "-k", "alice.pub"],
    { cwd: dir },
  );
  assert.equal(failed.code, 1);
});
