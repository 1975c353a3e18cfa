// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  recordArtifacts,
  type RecordOptions,
} from "../../lib/artifacts/record.ts";
import { HashQueue } from "../../lib/artifacts/_pool.ts";
import { prestartHashWorkers } from "../../lib/artifacts/_workers.ts";
import { isIntotoError } from "../../lib/errors.ts";
import { encodeCanonical } from "../../lib/json/canonical.ts";
import type { JsonValue } from "../../lib/json/parse.ts";
import type { ArtifactMap } from "../../lib/model/link.ts";
import { execute, FIXTURES, python, reference, tempDir } from "../_helpers.ts";

const encoder = new TextEncoder();

/** Writes files (string content) and symlinks (`{link: target}`). */
async function build(
  root: string,
  entries: Record<string, string | Uint8Array | { link: string }>,
): Promise<void> {
  for (const [name, content] of Object.entries(entries)) {
    const path = join(root, name);
    await Deno.mkdir(join(path, ".."), { recursive: true });
    if (typeof content === "object" && "link" in content) {
      await Deno.symlink(content.link, path);
    } else {
      await Deno.writeFile(
        path,
        typeof content === "string" ? encoder.encode(content) : content,
      );
    }
  }
}

/** The tree of the differential tests. */
async function makeTree(): Promise<string> {
  const root = await tempDir();
  const many: Record<string, string> = {};
  for (let i = 0; i < 100; i++) {
    many[`many/f${String(i).padStart(3, "0")}`] = `file ${i}\n`.repeat(i);
  }
  await build(root, {
    "a/x.py": "print('x')\n",
    // Walked after "a/", recorded before it: "-" sorts before "/".
    "a-b.txt": "dash",
    "a/b/c/deep.txt": "deep",
    "a/q/r/b/inner.txt": "inner",
    "with space.txt": "space",
    "ünï cödé/ß.txt": "unicode",
    "日本語.txt": "nihongo",
    "😀.txt": "emoji",
    "empty.txt": "",
    "keep.txt": "keep",
    "dir/a.txt": "dir a",
    "sub/dir/keep.txt": "sub dir keep",
    "rooted": "rooted",
    "sub/rooted": "sub rooted",
    "x": "x",
    "q/x/y.txt": "q x y",
    "foo.link": "{}",
    "step.1234abcd.link": "{}",
    ".step.1234abcd.link-unfinished": "{}",
    "m.pyc": "pyc",
    "old~": "backup",
    ".git/config": "[core]",
    "sub/.git/HEAD": "ref",
    "__proto__": "proto",
    "constructor": "constructor",
    "10": "ten",
    "9": "nine",
    "crlf.txt": "a\r\nb\rc\n",
    ...many,
    "links/file-link": { link: "../a/x.py" },
    "links/dir-link": { link: "../a" },
    "links/nested/up": { link: "../../dir" },
  });
  return root;
}

interface ReferenceOptions {
  excludes?: string[];
  basePath?: string;
  follow?: boolean;
  normalize?: boolean;
  lstrip?: string[];
}

/**
 * in-toto 1.3.1's `record_artifacts_as_dict`, run in `cwd`: its result as
 * canonical JSON, or `error <ExceptionClass>`.
 */
async function referenceRecord(
  cwd: string,
  paths: string[],
  options: ReferenceOptions = {},
): Promise<string> {
  const args = JSON.stringify({
    paths,
    excludes: options.excludes ?? null,
    base: options.basePath ?? null,
    follow: options.follow ?? false,
    normalize: options.normalize ?? false,
    lstrip: options.lstrip ?? null,
  });
  const result = await python(
    `
import json, sys
from in_toto.runlib import record_artifacts_as_dict
from securesystemslib.formats import encode_canonical
a = json.loads(${JSON.stringify(args)})
try:
  r = record_artifacts_as_dict(a["paths"], exclude_patterns=a["excludes"],
    base_path=a["base"], follow_symlink_dirs=a["follow"],
    normalize_line_endings=a["normalize"], lstrip_paths=a["lstrip"])
  sys.stdout.buffer.write(encode_canonical(r).encode())
except Exception as e:
  print("error " + type(e).__name__)
`,
    { cwd },
  );
  assert.equal(result.code, 0, result.stderr);
  return result.stdout;
}

/** Equal canonical JSON; a key mismatch is shown as a short list diff. */
function assertSame(actual: string, expected: string): void {
  if (actual === expected) return;
  assert.deepEqual(
    Object.keys(JSON.parse(actual)),
    Object.keys(JSON.parse(expected)),
  );
  assert.equal(actual, expected);
}

/**
 * The reference's record without what it records a second time behind links
 * to directories recorded already under their own names (`prefixes`): intoto
 * walks each real directory once.
 */
function withoutLinkedCopies(expected: string, prefixes: string[]): string {
  const artifacts = JSON.parse(expected) as ArtifactMap;
  const kept = Object.fromEntries(
    Object.entries(artifacts).filter(([name]) =>
      !prefixes.some((prefix) => name.startsWith(prefix))
    ),
  );
  return canonical(kept);
}

/** In makeTree(), the links to directories that are recorded already. */
const LINKED_COPIES = ["links/dir-link/", "links/nested/up/"];

function canonical(artifacts: ArtifactMap): string {
  return encodeCanonical(artifacts as unknown as JsonValue);
}

/** recordArtifacts relative to `root`, as the reference runs in it. */
async function ours(
  root: string,
  paths: string[],
  options: ReferenceOptions & { threads?: number } = {},
  warnings: string[] = [],
): Promise<string> {
  const recordOptions: RecordOptions = {
    basePath: options.basePath === undefined
      ? root
      : join(root, options.basePath),
    warn: (message) => warnings.push(message),
  };
  if (options.excludes) recordOptions.excludes = options.excludes;
  if (options.follow) recordOptions.followSymlinkDirs = true;
  if (options.normalize) recordOptions.normalizeLineEndings = true;
  if (options.lstrip) recordOptions.lstripPaths = options.lstrip;
  if (options.threads) recordOptions.threads = options.threads;
  return canonical(await recordArtifacts(paths, recordOptions));
}

Deno.test("recordArtifacts() equals in-toto 1.3.1 record_artifacts_as_dict", async (t) => {
  const root = await makeTree();
  const cases: [string, string[], ReferenceOptions][] = [
    ["default excludes", ["."], {}],
    ["links to directories followed", ["."], { follow: true }],
    ["explicit paths, normpath, missing, excluded", [
      "a/x.py",
      "./a//b/../b",
      "missing",
      "foo.link",
      "with space.txt",
      "links/file-link",
      "links/dir-link",
    ], {}],
    ["exclude *.txt", ["."], { excludes: ["*.txt"] }],
    ["exclude dir/", ["."], { excludes: ["dir/"] }],
    ["exclude *.txt !keep.txt", ["."], { excludes: ["*.txt", "!keep.txt"] }],
    ["exclude /rooted", ["."], { excludes: ["/rooted"] }],
    ["exclude **/x", ["."], { excludes: ["**/x"] }],
    ["exclude a/**/b", ["."], { excludes: ["a/**/b"] }],
    ["exclude everything", ["."], { excludes: ["*"] }],
    ["exclude a directory, re-include inside it", ["."], {
      excludes: ["a", "!a/x.py", "many/*", "!many/f001"],
    }],
    ["lstrip", ["a", "many", "keep.txt"], { lstrip: ["a/", "many/f00"] }],
    ["base path", [".", "b", "x.py"], { basePath: "a" }],
    ["line endings normalised", ["crlf.txt", "a"], { normalize: true }],
  ];
  for (const [name, paths, options] of cases) {
    await t.step(name, async () => {
      const expected = await referenceRecord(root, paths, options);
      assert.ok(!expected.startsWith("error"), expected);
      assertSame(
        await ours(root, paths, options),
        options.follow
          ? withoutLinkedCopies(expected, LINKED_COPIES)
          : expected,
      );
    });
  }
  await t.step("one thread and several threads agree", async () => {
    assertSame(
      await ours(root, ["."], { threads: 1 }),
      await ours(root, ["."], { threads: 2 }),
    );
  });
  await Deno.remove(root, { recursive: true });
});

Deno.test("recordArtifacts() hashes 3,000 files in batches of every size on one thread and on several alike", async () => {
  // Workers get batches of 64, 128, then 256 files, and the last one short:
  // every file must get its own digest back, whichever thread hashed it.
  // The worker is started first, so that it is ready to take batches.
  prestartHashWorkers();
  const root = await tempDir();
  const files: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) {
    files[`d${i % 7}/f${String(i).padStart(4, "0")}`] = `file ${i}`;
  }
  await build(root, files);
  const one = await ours(root, ["."], { threads: 1 });
  assert.equal(Object.keys(JSON.parse(one)).length, 3000);
  assertSame(await ours(root, ["."]), one);
  assertSame(await ours(root, ["."], { threads: 3 }), one);
  await Deno.remove(root, { recursive: true });
});

Deno.test("HashQueue fails with a file that cannot be read, also when a worker hashes it", async () => {
  prestartHashWorkers();
  const root = await tempDir();
  const files: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) files[`f${i}`] = `file ${i}`;
  await build(root, files);
  // The first batch goes to the worker; the calling thread starts from the
  // last one.
  const missing = join(root, "gone");
  const queue = new HashQueue(["sha256"], { normalizeLineEndings: false });
  try {
    for (let i = 0; i < 3000; i++) {
      queue.add(i === 10 ? missing : join(root, `f${i}`));
    }
    await assert.rejects(
      queue.finish(),
      (error) =>
        isIntotoError(error, "FILE_NOT_FOUND") &&
        error.message.includes(JSON.stringify(missing)),
    );
  } finally {
    queue.close();
  }
  await Deno.remove(root, { recursive: true });
});

/** Materials and products of an in-toto-run 1.3.1 link, as canonical JSON. */
async function referenceRun(
  cwd: string,
  args: string[],
): Promise<{ materials: string; products: string }> {
  const out = await tempDir();
  await Deno.copyFile(join(FIXTURES, "demo_files", "alice"), join(out, "key"));
  const result = await reference("in-toto-run", [
    "-n",
    "x",
    "-k",
    join(out, "key"),
    "-d",
    out,
    ...args,
    "-x",
  ], { cwd });
  assert.equal(result.code, 0, result.stderr);
  const link = JSON.parse(
    await Deno.readTextFile(join(out, "x.556caebd.link")),
  );
  await Deno.remove(out, { recursive: true });
  return {
    materials: encodeCanonical(link.signed.materials),
    products: encodeCanonical(link.signed.products),
  };
}

Deno.test("recordArtifacts() records what in-toto-run 1.3.1 writes in its link", async (t) => {
  const root = await makeTree();
  const cases: [string, string[], string[], ReferenceOptions][] = [
    ["defaults", ["."], [], {}],
    [
      "--exclude",
      ["."],
      ["--exclude", "*.txt", "!keep.txt", "/rooted", "**/x", "a/**/b", "dir/"],
      { excludes: ["*.txt", "!keep.txt", "/rooted", "**/x", "a/**/b", "dir/"] },
    ],
    ["--base-path", ["."], ["--base-path", "a"], { basePath: "a" }],
    [
      "--lstrip-paths",
      ["a", "many"],
      ["--lstrip-paths", "a/", "many/"],
      { lstrip: ["a/", "many/"] },
    ],
  ];
  for (const [name, paths, flags, options] of cases) {
    await t.step(name, async () => {
      const link = await referenceRun(root, [
        "-m",
        ...paths,
        "-p",
        ...paths,
        ...flags,
      ]);
      // in-toto-run 1.3.1 always follows links to directories, and records
      // a directory again behind each link to it; intoto walks it once.
      const recorded = await ours(root, paths, { ...options, follow: true });
      assertSame(recorded, withoutLinkedCopies(link.materials, LINKED_COPIES));
      assertSame(recorded, withoutLinkedCopies(link.products, LINKED_COPIES));
    });
  }
  await Deno.remove(root, { recursive: true });
});

Deno.test("recordArtifacts() skips links that leave the root, unlike the reference (F2)", async () => {
  const outside = await tempDir();
  await build(outside, { "secret.txt": "secret" });
  const root = await tempDir();
  await build(root, {
    "inside.txt": "in",
    "out": { link: join(outside, "secret.txt") },
    "outdir": { link: outside },
    "up": { link: "../" },
  });
  const warnings: string[] = [];
  const recorded = JSON.parse(
    await ours(root, [".", "out"], { follow: true }, warnings),
  );
  assert.deepEqual(Object.keys(recorded), ["inside.txt"]);
  assert.ok(warnings.some((w) => /"out".*outside the recorded root/.test(w)));
  assert.ok(warnings.some((w) => /"outdir".*outside/.test(w)));
  // The reference hashes the file behind the link: the weakness we avoid.
  const theirs = JSON.parse(await referenceRecord(root, ["."]));
  assert.ok(Object.hasOwn(theirs, "out"));
  await Deno.remove(root, { recursive: true });
  await Deno.remove(outside, { recursive: true });
});

Deno.test("recordArtifacts() skips dangling links with a warning, as the reference does", async () => {
  const root = await tempDir();
  await build(root, {
    "a.txt": "a",
    "dead": { link: "nowhere" },
    "self": { link: "self" },
    "under-file": { link: "a.txt/x" },
  });
  const warnings: string[] = [];
  const recorded = await ours(root, [".", "dead"], {}, warnings);
  assertSame(recorded, await referenceRecord(root, [".", "dead"]));
  assert.deepEqual(Object.keys(JSON.parse(recorded)), ["a.txt"]);
  for (const name of ["dead", "self", "under-file"]) {
    assert.ok(
      warnings.some((w) => w.includes(`"${name}": it is a dangling`)),
      name,
    );
  }
  await Deno.remove(root, { recursive: true });
});

Deno.test("recordArtifacts() walks each real directory once, under its own name (F3)", async () => {
  const root = await tempDir();
  await build(root, {
    "a.txt": "a",
    "sub/b.txt": "b",
    "l1": { link: "." },
    "l2": { link: "." },
    "sub/up": { link: ".." },
    "side": { link: "sub" },
  });
  const warnings: string[] = [];
  const start = performance.now();
  const recorded = JSON.parse(
    await ours(root, ["."], { follow: true }, warnings),
  );
  assert.ok(performance.now() - start < 1000);
  // Each real directory once, under its own name: "side" is a second name
  // for "sub", which the reference records twice.
  assert.deepEqual(Object.keys(recorded), ["a.txt", "sub/b.txt"]);
  for (const link of ["l1", "l2", "sub/up"]) {
    assert.ok(
      warnings.includes(
        `Skipping "${link}": it is a symbolic link to ".", which is recorded already`,
      ),
      warnings.join("\n"),
    );
  }
  assert.ok(
    warnings.includes(
      'Skipping "side": it is a symbolic link to "sub", which is recorded already',
    ),
  );
  await Deno.remove(root, { recursive: true });
});

Deno.test("recordArtifacts() ignores .in_totorc and IN_TOTO_* variables (F4)", async () => {
  const root = await tempDir();
  await build(root, {
    "main.c": "int main;",
    "backdoor.c": "evil",
    ".in_totorc":
      "[settings]\nARTIFACT_EXCLUDE_PATTERNS=backdoor.c:.in_totorc\n",
  });
  const env = { IN_TOTO_ARTIFACT_EXCLUDE_PATTERNS: "main.c" };
  const code = `
import { recordArtifacts } from ${
    JSON.stringify(
      new URL("../../lib/artifacts/record.ts", import.meta.url).href,
    )
  };
console.log(JSON.stringify(Object.keys(await recordArtifacts(["."]))));
`;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["eval", code],
    cwd: root,
    env,
  }).output();
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  assert.deepEqual(JSON.parse(new TextDecoder().decode(output.stdout)), [
    ".in_totorc",
    "backdoor.c",
    "main.c",
  ]);
  // The reference's CLI is fooled by the same rc file: the setup works.
  const fooled = await referenceRun(root, ["-m", "."]);
  assert.deepEqual(Object.keys(JSON.parse(fooled.materials)), ["main.c"]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("recordArtifacts() refuses two files under one name (A7)", async () => {
  const root = await tempDir();
  await build(root, { "d/x\\y": "backslash", "d/x/y": "slash" });
  await assert.rejects(
    recordArtifacts(["."], { basePath: root }),
    (error) =>
      isIntotoError(error, "USAGE") &&
      error.message ===
        'Cannot record "d/x/y" and "d/x\\y": both would be recorded as "d/x/y"',
  );
  // The reference keeps one of the two silently.
  assert.equal(
    Object.keys(JSON.parse(await referenceRecord(root, ["."]))).length,
    1,
  );

  await build(root, { "a/f": "a", "b/f": "b" });
  const lstrip = { basePath: root, lstripPaths: ["a/", "b/"] };
  await assert.rejects(
    recordArtifacts(["a", "b"], lstrip),
    (error) =>
      isIntotoError(error, "USAGE") && /"a\/f" and "b\/f"/.test(error.message),
  );
  assert.equal(
    await referenceRecord(root, ["a", "b"], { lstrip: ["a/", "b/"] }),
    "error PrefixError\n",
  );
  await assert.rejects(
    recordArtifacts(["a"], { basePath: root, lstripPaths: ["a", "a/"] }),
    (error) =>
      isIntotoError(error, "USAGE") && /one starts with/.test(error.message),
  );
  // The same file named twice is one artifact, not a collision.
  assert.deepEqual(
    Object.keys(
      await recordArtifacts([".", "a/f"], { basePath: root, excludes: ["d"] }),
    ),
    ["a/f", "b/f"],
  );
  await Deno.remove(root, { recursive: true });
});

Deno.test("recordArtifacts() records sha512 beside sha256 and reports progress", async () => {
  const root = await makeTree();
  const progress: [number, number, number][] = [];
  const recorded = await recordArtifacts(["a", "many"], {
    basePath: root,
    algorithms: ["sha256", "sha512"],
    onProgress: (done, total, bytes) => progress.push([done, total, bytes]),
  });
  const check = await python(
    `
import hashlib, json
print(json.dumps({n: {a: hashlib.new(a, open(n, "rb").read()).hexdigest()
  for a in ["sha256", "sha512"]} for n in ["a/x.py", "many/f042"]}))
`,
    { cwd: root },
  );
  const expected = JSON.parse(check.stdout);
  assert.deepEqual(recorded["a/x.py"], expected["a/x.py"]);
  assert.deepEqual(recorded["many/f042"], expected["many/f042"]);
  const total = Object.keys(recorded).length;
  let size = 0;
  for (const name of Object.keys(recorded)) {
    size += (await Deno.stat(join(root, name))).size;
  }
  assert.deepEqual(progress.at(-1), [total, total, size]);
  await Deno.remove(root, { recursive: true });
});

Deno.test("recordArtifacts() hashes a 4 GiB sparse file in bounded memory (R3)", async () => {
  const root = await tempDir();
  try {
    const path = join(root, "sparse");
    await Deno.writeFile(path, new Uint8Array());
    await Deno.truncate(path, 4 * 1024 ** 3);
    // In a process of its own, so that tests running beside it in parallel
    // do not count: its peak resident size against its size before.
    const module = new URL("../../lib/artifacts/record.ts", import.meta.url);
    const result = await execute([
      Deno.execPath(),
      "eval",
      `
      const { recordArtifacts } = await import(${JSON.stringify(module.href)});
      const kb = (field) => 1024 * Number(
        Deno.readTextFileSync("/proc/self/status").split("\\n")
          .find((line) => line.startsWith(field + ":")).replace(/[^0-9]/g, ""),
      );
      const before = kb("VmRSS");
      const recorded = await recordArtifacts(["sparse"], { basePath: ${
        JSON.stringify(root)
      } });
      console.log(JSON.stringify({ recorded, growth: kb("VmHWM") - before }));
      `,
    ]);
    assert.equal(result.code, 0, result.stderr);
    const { recorded, growth } = JSON.parse(result.stdout);
    // `head -c 4G /dev/zero | sha256sum`
    assert.deepEqual(recorded, {
      sparse: {
        sha256:
          "8479e43911dc45e89f934fe48d01297e16f51d17aa561d4d1c216b1ae0fcddca",
      },
    });
    assert.ok(growth < 64 * 1024 * 1024, `RSS grew by ${growth} bytes`);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
