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
import { hashFileSync } from "../../lib/artifacts/hash.ts";
import { isIntotoError } from "../../lib/errors.ts";
import { execute, python, tempDir } from "../_helpers.ts";
import { makeTree } from "./_record.ts";

/** 3,000 small files, named relative to their folder (as recordArtifacts queues them). */
async function manyFiles(): Promise<{ root: string; names: string[] }> {
  const root = await tempDir();
  const names: string[] = [];
  for (let dir = 0; dir < 7; dir++) await Deno.mkdir(join(root, `d${dir}`));
  for (let i = 0; i < 3000; i++) {
    const name = `d${i % 7}/f${String(i).padStart(5, "0")}`;
    await Deno.writeTextFile(join(root, name), `file ${i}`);
    names.push(name);
  }
  return { root, names };
}

/**
 * Hashes the files with a queue of `threads`, also listing how many files
 * each progress call counted: the calling thread counts one at a time, a
 * worker a whole batch. With workers, the calling thread starts hashing
 * (from the last batch) only once a worker has answered (the first batch):
 * otherwise it would hash 3,000 small files before a worker has loaded.
 */
async function hashAll(root: string, names: string[], threads: number) {
  const counts: number[] = [];
  const queue = new HashQueue(["sha256"], {
    normalizeLineEndings: false,
    threads,
    onHashed: (files) => counts.push(files),
  });
  try {
    for (const name of names) queue.add(join(root, name), name, root);
    for (
      let wait = 0;
      threads > 1 && counts.length === 0 && wait < 600;
      wait++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { digests: await queue.finish(), counts };
  } catch (error) {
    return { error, counts };
  } finally {
    queue.close();
  }
}

Deno.test("HashQueue gives each file its digest, in batches of every size, on one thread and on several alike", async () => {
  // Workers get batches of 64, 128, then 256 files, and the last one short:
  // every file must get its own digest back, whichever thread hashed it.
  const { root, names } = await manyFiles();
  const plain = names.map((name) =>
    hashFileSync(join(root, name), ["sha256"]).digests
  );
  const one = await hashAll(root, names, 1);
  assert.deepEqual(one.digests, plain);
  assert.ok(one.counts.every((count) => count === 1));
  const three = await hashAll(root, names, 3);
  assert.deepEqual(three.digests, plain);
  assert.ok(three.counts.some((count) => count > 1), "no worker answered");
  await Deno.remove(root, { recursive: true });
});

Deno.test("HashQueue fails with a file that cannot be read, also when a worker hashes it", async () => {
  const { root, names } = await manyFiles();
  // In the first batch, which a worker answers first.
  const hashed = await hashAll(root, names.toSpliced(10, 1, "d3/gone"), 2);
  assert.ok(
    isIntotoError(hashed.error, "FILE_NOT_FOUND") &&
      hashed.error.message.includes(JSON.stringify(join(root, "d3/gone"))),
    String(hashed.error),
  );
  // The first batch (64 files, the only one of that size) was answered by
  // the worker, with the failure.
  assert.ok(hashed.counts.includes(64), "the worker did not hash it");
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
