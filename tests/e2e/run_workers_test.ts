// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  denoRunCommand,
  execute,
  FIXTURES,
  intoto,
  ROOT,
  tempDir,
} from "../_helpers.ts";

const KEY = ["-k", join(FIXTURES, "demo_files", "danny"), "-t", "ed25519"];

async function copyTree(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const entry of Deno.readDir(from)) {
    if (entry.isDirectory) {
      await copyTree(join(from, entry.name), join(to, entry.name));
    } else {
      await Deno.copyFile(join(from, entry.name), join(to, entry.name));
    }
  }
}

async function makeFiles(dir: string): Promise<void> {
  await Deno.mkdir(join(dir, "src"));
  for (let i = 0; i < 100; i++) {
    await Deno.writeTextFile(
      join(dir, "src", `f${i}`),
      `file ${i}\n`.repeat(i),
    );
  }
}

Deno.test("intoto run hashes every file on its own thread when its hashing worker cannot load", async () => {
  const dir = await tempDir();
  // A copy of intoto whose worker module is missing, as in a bundle copied
  // without dist/_hash_worker.ts: no worker can load.
  const copy = join(dir, "intoto");
  await copyTree(join(ROOT, "lib"), join(copy, "lib"));
  for (const file of ["cli.ts", "deno.json", "deno.lock"]) {
    await Deno.copyFile(join(ROOT, file), join(copy, file));
  }
  await Deno.remove(join(copy, "lib", "artifacts", "_hash_worker.ts"));
  const args = ["run", "-n", "build", ...KEY, "-m", "src", "--", "true"];
  const links: Uint8Array[] = [];
  for (const name of ["whole", "without-worker"]) {
    const work = join(dir, name);
    await Deno.mkdir(work);
    await makeFiles(work);
    const result = name === "whole"
      ? await intoto(args, { cwd: work })
      : await execute([...denoRunCommand(join(copy, "cli.ts")), ...args], {
        cwd: work,
      });
    assert.equal(result.code, 0, result.stderr);
    // No word of the missing worker: the calling thread hashes alone.
    assert.equal(
      result.stderr,
      'Wrote "build.36a5529f.link": 100 materials, 0 products\n',
    );
    links.push(await Deno.readFile(join(work, "build.36a5529f.link")));
  }
  assert.deepEqual(links[1], links[0]);
  await Deno.remove(dir, { recursive: true });
});
