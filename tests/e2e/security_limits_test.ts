// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Resource exhaustion (attack catalogue R1, R2, R4) through the CLI: hostile
 * globs, floods of signatures, wrong JSON types, files that are not regular
 * files, and metadata whose parsed form is far larger than the file. Every
 * attack that could hang runs under a kill timer, so a hang fails the test
 * instead of stalling the suite.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { JsonObject } from "../../lib/json/parse.ts";
import { formatSignedFile } from "../../lib/model/signed_file.ts";
import { FIXTURES, intoto, tempDir } from "../_helpers.ts";
import {
  ALICE,
  buildLayout,
  chain,
  dsseBuildLink,
  fails,
  intotoWithin,
  OWNER,
  passes,
  verify,
  VERIFY_ARGS,
} from "./_security_helpers.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";
import { demo } from "./_demo.ts";

async function mkfifo(path: string): Promise<void> {
  const made = await new Deno.Command("mkfifo", { args: [path] }).output();
  assert.ok(made.success, `mkfifo ${path}`);
}

async function buildChain(): Promise<string> {
  return await chain({
    "root.layout": await sign(
      layoutJson([{ name: "build", keys: [ALICE] }]),
      [OWNER],
    ),
  });
}

Deno.test("R2 intoto verify refuses a link that is a directory, a device or a symlink loop", async () => {
  const directory = await buildChain();
  const link = join(directory, linkFile("build", ALICE));
  const cases: [() => Promise<void>, RegExp][] = [
    [() => Deno.mkdir(link), /not a regular file/],
    [() => Deno.symlink("/dev/zero", link), /not a regular file/],
    [() => Deno.symlink(linkFile("build", ALICE), link), /symbolic links/],
  ];
  for (const [make, pattern] of cases) {
    await Deno.remove(link, { recursive: true }).catch(() => {});
    await make();
    const result = await intotoWithin(
      ["verify", ...VERIFY_ARGS],
      { cwd: directory },
      10,
    );
    assert.equal(result.killed, false);
    fails(result, 2, pattern);
  }
});

Deno.test({
  name: "R2 intoto verify refuses a link or layout that is a FIFO, at once",
  fn: async () => {
    const directory = await buildChain();
    await mkfifo(join(directory, linkFile("build", ALICE)));
    const link = await intotoWithin(
      ["verify", ...VERIFY_ARGS],
      { cwd: directory },
      10,
    );
    assert.equal(link.killed, false, "intoto verify hung on a FIFO link");
    fails(link, 2, /not a regular file/);
    await Deno.remove(join(directory, "root.layout"));
    await mkfifo(join(directory, "root.layout"));
    const layout = await intotoWithin(
      ["verify", ...VERIFY_ARGS],
      { cwd: directory },
      10,
    );
    assert.equal(layout.killed, false, "intoto verify hung on a FIFO layout");
    fails(layout, 2, /not a regular file/);
  },
});

Deno.test({
  name: "R2 intoto attest verify refuses an attestation that is a FIFO",
  fn: async () => {
    const directory = await tempDir();
    await mkfifo(join(directory, "att.json"));
    const result = await intotoWithin(
      [
        "attest",
        "verify",
        "-a",
        "att.json",
        "-k",
        join(FIXTURES, "pems", "ed25519_public.pem"),
      ],
      { cwd: directory },
      10,
    );
    assert.equal(result.killed, false, "intoto attest verify hung");
    fails(result, 2, /not a regular file/);
  },
});

Deno.test({
  // Parsing is bounded by the number of values, not only by the file size:
  // without it, a 100 MB link of empty objects (33 million values) took
  // ~1.5 GB per 40 MB to parse, and a 250 MB one crashed V8.
  name: "R2 intoto verify refuses a 100 MB link of tiny values quickly",
  fn: async () => {
    const directory = await buildChain();
    const path = join(directory, linkFile("build", ALICE));
    {
      using file = await Deno.open(path, { write: true, create: true });
      const encoder = new TextEncoder();
      await file.write(encoder.encode('{"signed": {"_type": "link", "x": ['));
      const chunk = encoder.encode("{},".repeat(1 << 20));
      for (let i = 0; i < 32; i++) await file.write(chunk);
      await file.write(encoder.encode('{}]}, "signatures": []}'));
    }
    const started = performance.now();
    const result = await intotoWithin(
      ["verify", ...VERIFY_ARGS],
      { cwd: directory },
      30,
    );
    assert.equal(result.killed, false, "intoto verify ran for 30 s");
    fails(result, 2, /limit/);
    assert.ok(performance.now() - started < 10_000, "slower than 10 s");
  },
});

Deno.test("R2 every command refuses a FIFO or /dev/zero in place of a file, at once", async () => {
  const directory = await tempDir();
  const key = join(FIXTURES, "pems", "ed25519_private_unencrypted.pem");
  const pub = join(FIXTURES, "pems", "ed25519_public.pem");
  const link = join(FIXTURES, "demo_files", "write-code.776a00e2.link");
  await Deno.writeTextFile(join(directory, "product"), "x");
  const made = await intotoWithin(
    ["run", "-n", "att", "-k", key, "--attest", "-p", "product", "-x"],
    { cwd: directory },
    30,
  );
  assert.equal(made.code, 0, made.stderr);
  const attestation = "att.80003b25.link";
  const unfinished = ".s.80003b25.link-unfinished";
  const cases = (bad: string) => [
    ["key", "id", bad],
    ["sign", "-f", bad, "-k", key],
    ["sign", "-f", link, "-k", bad],
    ["run", "-n", "s", "-k", bad, "-x"],
    ["record", "start", "-n", "s", "-k", bad],
    ["record", "stop", "-n", "s", "-k", key],
    ["match-products", "-l", bad],
    ["match-products", "-l", link, "-k", bad],
    ["attest", "verify", "-a", bad, "-k", pub],
    ["attest", "verify", "-a", attestation, "-k", bad],
    ["attest", "verify", "-q", "-a", attestation, "-k", pub, "--", bad],
    ["verify", "-l", bad, "-k", pub],
    ["verify", "-l", attestation, "-k", bad],
  ];
  const kinds: [string, RegExp, (path: string) => Promise<void>][] = [
    ["fifo", /named pipe \(FIFO\), not a regular file/, mkfifo],
    [
      "zero",
      /character device, not a regular file/,
      (path) => Deno.symlink("/dev/zero", path),
    ],
  ];
  for (const [bad, message, make] of kinds) {
    await make(join(directory, bad));
    await make(join(directory, unfinished));
    const results = await Promise.all(
      cases(bad).map((args) => intotoWithin(args, { cwd: directory }, 20)),
    );
    for (const [index, result] of results.entries()) {
      const what = `${bad}: intoto ${cases(bad)[index]!.join(" ")}`;
      assert.equal(result.killed, false, `${what} hung`);
      fails(result, 2, message, what);
    }
    await Deno.remove(join(directory, unfinished));
  }
  await Deno.remove(directory, { recursive: true });
});

Deno.test("R2 a password piped on stdin is read up to its first line, bounded", async () => {
  const directory = await tempDir();
  const key = join(FIXTURES, "pems", "ed25519_private_encrypted.pem");
  const run = (stdin: string) =>
    intoto(["run", "-n", "s", "-k", key, "--prompt", "-x"], {
      cwd: directory,
      stdin,
    });
  passes(await run("hunter2\nnot the password\n"));
  fails(await run("a".repeat(70_000)), 2, /longer than 65536 bytes/);
  fails(await run(""), 2, /stdin is empty/);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("R2 intoto verify --max-metadata-files caps the layouts and links loaded", async () => {
  const directory = await demo();
  try {
    const verify = ["verify", "-l", "root.layout", "-k", "alice.pub"];
    const capped = await intoto([...verify, "--max-metadata-files", "2"], {
      cwd: directory,
    });
    assert.equal(capped.code, 2, capped.stderr);
    assert.match(capped.stderr, /has loaded 2 layouts and links, its limit/);
    const enough = await intoto([...verify, "--max-metadata-files", "3"], {
      cwd: directory,
    });
    assert.equal(enough.code, 0, enough.stderr);
    for (const bad of ["0", "-1", "x", "1.5"]) {
      const result = await intoto([...verify, `--max-metadata-files=${bad}`], {
        cwd: directory,
      });
      assert.equal(result.code, 2, result.stderr);
      assert.match(result.stderr, /give a whole number from 1/);
    }
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("R1 intoto verify: hostile globs against long names finish at once", async () => {
  const directory = await chain({
    "root.layout": await buildLayout([
      ["DISALLOW", "*a*a*a*a*a*a*a*a*a*a*b"],
      ["DISALLOW", "[[[[[[*"],
      ["ALLOW", "*"],
    ]),
    [linkFile("build", ALICE)]: await sign(
      linkJson("build", {
        products: { ["a".repeat(10_000)]: "1", ["a".repeat(50_000)]: "2" },
      }),
      [ALICE],
    ),
  });
  const started = performance.now();
  passes(await verify(directory));
  assert.ok(performance.now() - started < 5000);
});

Deno.test("R2 intoto verify refuses 10^5 signatures before verifying any", async () => {
  const link = JSON.parse(
    formatSignedFile(await sign(linkJson("build"), [ALICE])),
  );
  const envelope = await dsseBuildLink();
  for (
    const [text, format] of [
      [
        JSON.stringify({
          ...link,
          signatures: Array(100_000).fill(link.signatures[0]),
        }),
        "metablock",
      ],
      [
        JSON.stringify({
          ...envelope,
          signatures: Array(100_000).fill(
            (envelope.signatures as unknown[])[0],
          ),
        }),
        "dsse",
      ],
    ]
  ) {
    const started = performance.now();
    fails(
      await verify(
        await chain({
          "root.layout": await buildLayout(),
          [linkFile("build", ALICE)]: text!,
        }),
      ),
      2,
      /it has 100000 signatures, more than the limit of 256/,
      format,
    );
    assert.ok(performance.now() - started < 5000);
  }
});

Deno.test("R4 intoto verify: wrong JSON types give one clean error line", async () => {
  const bad: JsonObject[] = [
    { materials: [] },
    { products: { a: "x" } },
    { command: "make" },
    { byproducts: [] },
    { name: 1 },
    { environment: null },
  ];
  for (const override of bad) {
    fails(
      await verify(
        await chain({
          "root.layout": await buildLayout(),
          [linkFile("build", ALICE)]: await sign(
            linkJson("build", { override }),
            [ALICE],
          ),
        }),
      ),
      2,
      /Invalid link "build\.[0-9a-f]{8}\.link" at /,
      JSON.stringify(override),
    );
  }
  for (
    const override of [
      { steps: {} },
      { keys: [] },
      { inspect: "x" },
      { expires: 1 },
      { steps: [{ _type: "step", name: "x", threshold: "1" }] },
    ]
  ) {
    fails(
      await verify(
        await chain({
          "root.layout": await sign(layoutJson([], { override }), [OWNER]),
        }),
      ),
      2,
      /Invalid layout "root\.layout"/,
      JSON.stringify(override),
    );
  }
});
