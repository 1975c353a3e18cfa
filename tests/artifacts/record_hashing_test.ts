// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * recordArtifacts() hashing: batches on one thread and on several, a file
 * that cannot be read, sha512 beside sha256 with progress, and a 4 GiB
 * sparse file in bounded memory.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { recordArtifacts } from "../../lib/artifacts/record.ts";
import { HashQueue } from "../../lib/artifacts/_pool.ts";
import { prestartHashWorkers } from "../../lib/artifacts/_workers.ts";
import { isIntotoError } from "../../lib/errors.ts";
import { execute, python, tempDir } from "../_helpers.ts";
import { assertSame, build, makeTree, ours } from "./_record.ts";

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
