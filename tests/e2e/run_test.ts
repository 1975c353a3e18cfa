// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto run`, `record`, `mock` and `match-products` as a user runs them:
 * time limits, refused names and flags, record round trips, DSSE,
 * match-products verdicts, PATH lookup.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readSignedFile, verifiedKeys } from "../../lib/model/signed_file.ts";
import { validateLink } from "../../lib/model/link.ts";
import { loadPublicKey } from "../../lib/crypto/load.ts";
import { FIXTURES, intoto, tempDir } from "../_helpers.ts";

const DANNY = join(FIXTURES, "demo_files", "danny");
const KEY = ["-k", DANNY, "-t", "ed25519"];
const LINK = (name: string) => `${name}.36a5529f.link`;

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}

async function list(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(dir)) names.push(entry.name);
  return names.sort();
}

async function dannyVerifies(path: string): Promise<boolean> {
  const key = await loadPublicKey(join(FIXTURES, "demo_files", "danny.pub"), {
    keyType: "ed25519",
  });
  const file = await readSignedFile(path);
  return (await verifiedKeys(file, [key])).length === 1;
}

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

Deno.test("intoto run, record and match-products refuse paths outside the base path, and record absolute paths inside it relative to it", async () => {
  const root = await tempDir();
  try {
    const dir = join(root, "work");
    await Deno.mkdir(join(dir, "sub"), { recursive: true });
    await Deno.writeTextFile(join(root, "up"), "up");
    await Deno.writeTextFile(join(dir, "here"), "here");
    await Deno.writeTextFile(join(dir, "sub", "deep"), "deep");
    const outside: [string[], string][] = [
      [["run", "-n", "s", ...KEY, "-m", "../up", "-x"], "../up"],
      [
        ["run", "-n", "s", ...KEY, "-p", "here", "sub/../../up", "-x"],
        "sub/../../up",
      ],
      [
        ["run", "-n", "s", ...KEY, "-m", "/etc/hostname", "-x"],
        "/etc/hostname",
      ],
      [
        ["run", "-n", "s", ...KEY, "-m", join(root, "up"), "-x"],
        join(root, "up"),
      ],
      [["run", "-n", "s", ...KEY, "-m", "..", "-x"], ".."],
      [
        [
          "run",
          "-n",
          "s",
          ...KEY,
          "-m",
          "/etc/hostname",
          "--lstrip-paths",
          "/etc/",
          "-x",
        ],
        "/etc/hostname",
      ],
      [["record", "start", "-n", "r", ...KEY, "-m", "../up"], "../up"],
    ];
    for (const [args, path] of outside) {
      const result = await intoto(args, { cwd: dir });
      assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
      assert.equal(
        result.stderr,
        `error: Cannot record "${path}": it is outside the base path "${dir}"; ` +
          "give paths inside it, or a base path that holds them\n",
      );
    }
    assert.deepEqual(await list(dir), ["here", "sub"]);
    // Absolute paths inside the base path are recorded relative to it.
    const run = await intoto(
      [
        "run",
        "-n",
        "s",
        ...KEY,
        "-m",
        join(dir, "here"),
        join(dir, "sub"),
        "-x",
      ],
      { cwd: dir },
    );
    assert.equal(run.code, 0, run.stderr);
    const link = validateLink(
      (await readSignedFile(join(dir, LINK("s")))).payload,
    );
    assert.deepEqual(Object.keys(link.materials), ["here", "sub/deep"]);
    const match = await intoto([
      "match-products",
      "-l",
      LINK("s"),
      "-p",
      "../up",
    ], {
      cwd: dir,
    });
    assert.equal(match.code, 2, match.stderr);
    assert.match(
      match.stderr,
      /^error: Cannot record "\.\.\/up": it is outside the base path/,
    );
    // A base path given explicitly counts the same way.
    const based = await intoto(
      [
        "run",
        "-n",
        "b",
        ...KEY,
        "--base-path",
        "sub",
        "-m",
        join(dir, "sub", "deep"),
        "-x",
      ],
      { cwd: dir },
    );
    assert.equal(based.code, 0, based.stderr);
    const other = validateLink(
      (await readSignedFile(join(dir, LINK("b")))).payload,
    );
    assert.deepEqual(Object.keys(other.materials), ["deep"]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("intoto run refuses a name that --lstrip-paths leaves unclean", async () => {
  const dir = await tempDir();
  try {
    await Deno.mkdir(join(dir, "d"));
    await Deno.writeTextFile(join(dir, "d", "x"), "x");
    const result = await intoto(
      ["run", "-n", "s", ...KEY, "-m", "d", "--lstrip-paths", "d", "-x"],
      { cwd: dir },
    );
    assert.equal(result.code, 2, result.stderr);
    assert.match(
      result.stderr,
      /^error: Cannot record "d\/x" under the name "\/x": it is absolute; choose prefixes to strip that end at a "\/"\n$/,
    );
    const fine = await intoto(
      ["run", "-n", "s", ...KEY, "-m", "d", "--lstrip-paths", "d/", "-x"],
      { cwd: dir },
    );
    assert.equal(fine.code, 0, fine.stderr);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
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

Deno.test("intoto record: start/stop round trip, in DSSE too, and stop checks the key", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(join(dir, "in.txt"), "in");
  for (const dsse of [[], ["--use-dsse"]]) {
    const start = await intoto(
      ["record", "start", "-n", "edit", ...KEY, "-m", "in.txt", ...dsse],
      { cwd: dir },
    );
    assert.equal(start.code, 0, start.stderr);
    const unfinished = join(dir, ".edit.36a5529f.link-unfinished");
    assert.ok(await dannyVerifies(unfinished));
    await Deno.writeTextFile(join(dir, "out.txt"), "out");
    const stop = await intoto(
      ["record", "stop", "-n", "edit", ...KEY, "-p", "out.txt"],
      { cwd: dir },
    );
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(await exists(unfinished), false);
    const file = await readSignedFile(join(dir, LINK("edit")));
    assert.equal(file.format, dsse.length > 0 ? "dsse" : "metablock");
    assert.ok(await dannyVerifies(join(dir, LINK("edit"))));
    const link = validateLink(file.payload);
    assert.deepEqual(Object.keys(link.materials), ["in.txt"]);
    assert.deepEqual(Object.keys(link.products), ["out.txt"]);
  }
  // Nothing started.
  const none = await intoto(["record", "stop", "-n", "other", ...KEY], {
    cwd: dir,
  });
  assert.equal(none.code, 2);
  assert.match(none.stderr, /run "intoto record start"/);
  // An unfinished link whose signature does not verify.
  const start = await intoto(["record", "start", "-n", "t", ...KEY], {
    cwd: dir,
  });
  assert.equal(start.code, 0, start.stderr);
  const path = join(dir, ".t.36a5529f.link-unfinished");
  const text = await Deno.readTextFile(path);
  await Deno.writeTextFile(path, text.replace('"name": "t"', '"name": "u"'));
  const tampered = await intoto(["record", "stop", "-n", "t", ...KEY], {
    cwd: dir,
  });
  assert.equal(tampered.code, 1);
  assert.match(tampered.stderr, /is not signed by the given key/);
  assert.equal(await exists(join(dir, LINK("t"))), false);
});

Deno.test("intoto match-products: success and each kind of difference", async () => {
  const dir = await tempDir();
  await Deno.mkdir(join(dir, "dist"));
  for (const name of ["a", "b", "c"]) {
    await Deno.writeTextFile(join(dir, "dist", name), name);
  }
  const run = await intoto(["run", "-n", "build", ...KEY, "-p", "dist", "-x"], {
    cwd: dir,
  });
  assert.equal(run.code, 0, run.stderr);
  const match = (extra: string[] = []) =>
    intoto(["match-products", "-l", LINK("build"), "-p", "dist", ...extra], {
      cwd: dir,
    });
  const same = await match();
  assert.equal(same.code, 0, same.stderr);
  assert.equal(same.stdout, "");
  const signed = await match(["-k", `${DANNY}.pub`, "-t", "ed25519"]);
  assert.equal(signed.code, 0, signed.stderr);
  const wrongKey = await match([
    "-k",
    join(FIXTURES, "pems", "ed25519_public.pem"),
  ]);
  assert.equal(wrongKey.code, 1);
  assert.match(wrongKey.stderr, /no valid signature/);

  await Deno.remove(join(dir, "dist", "a"));
  await Deno.writeTextFile(join(dir, "dist", "b"), "changed");
  await Deno.writeTextFile(join(dir, "dist", "d"), "new");
  const differ = await match();
  assert.equal(differ.code, 1);
  assert.equal(
    differ.stdout,
    "Only in products: dist/a\nNot in products: dist/d\nHashes differ: dist/b\n",
  );
  assert.match(
    differ.stderr,
    /do not match .*1 only in products, 1 not in products, 1 with different hashes/,
  );
  // Excluding the extra file and stripping prefixes work as for run.
  const excluded = await match(["-e", "dist/d", "dist/a", "dist/b"]);
  assert.equal(excluded.code, 1);
  assert.equal(
    excluded.stdout,
    "Only in products: dist/a\nOnly in products: dist/b\n",
  );
});

Deno.test("intoto mock: writes an unsigned <name>.link, DSSE too", async () => {
  const dir = await tempDir();
  for (const dsse of [[], ["--use-dsse"]]) {
    const result = await intoto(
      [
        "mock",
        "-n",
        "try",
        ...dsse,
        "--",
        "sh",
        "-c",
        "echo hi; echo x > made",
      ],
      { cwd: dir },
    );
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, "hi\n");
    const file = await readSignedFile(join(dir, "try.link"));
    assert.equal(file.format, dsse.length > 0 ? "dsse" : "metablock");
    assert.deepEqual(file.signatures, []);
    const link = validateLink(file.payload);
    assert.deepEqual(link.byproducts, {
      "return-value": 0,
      stderr: "",
      stdout: "hi\n",
    });
    assert.ok(Object.hasOwn(link.products, "made"));
  }
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
