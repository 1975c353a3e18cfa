// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Killing `intoto run` at any moment never leaves a partial link: there is
 * no `*.link` file, or one that parses and verifies.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { validateLink } from "../../lib/model/link.ts";
import { readSignedFile, verifiedKeys } from "../../lib/model/signed_file.ts";
import { loadPublicKey } from "../../lib/crypto/load.ts";
import { FIXTURES, intotoCommand, tempDir } from "../_helpers.ts";

const FILES = 4_000;

async function makeTree(dir: string): Promise<void> {
  const padding = "x".repeat(60);
  for (let group = 0; group < FILES / 500; group++) {
    const folder = join(dir, "tree", `group-${group}-${padding}`);
    await Deno.mkdir(folder, { recursive: true });
    for (let index = 0; index < 500; index++) {
      await Deno.writeTextFile(
        join(folder, `file-${index}-${padding}`),
        `${index}`,
      );
    }
  }
}

function spawnRun(dir: string): Deno.ChildProcess {
  const [program, ...args] = intotoCommand();
  return new Deno.Command(program!, {
    args: [
      ...args,
      "run",
      "-n",
      "big",
      "-k",
      join(FIXTURES, "demo_files", "danny"),
      "-t",
      "ed25519",
      "-m",
      "tree",
      "-x",
    ],
    cwd: dir,
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
}

Deno.test("intoto run: a link is written atomically even when the process is killed", async () => {
  const dir = await tempDir();
  await makeTree(dir);
  const key = await loadPublicKey(join(FIXTURES, "demo_files", "danny.pub"), {
    keyType: "ed25519",
  });
  const linkPath = join(dir, "big.36a5529f.link");
  const start = performance.now();
  assert.equal((await spawnRun(dir).status).code, 0);
  const full = performance.now() - start;
  const outcomes = { none: 0, complete: 0 };
  for (const fraction of [0.6, 0.8, 0.9, 0.95, 1, 1.05]) {
    await Deno.remove(linkPath);
    const child = spawnRun(dir);
    await new Promise((resolve) => setTimeout(resolve, full * fraction));
    try {
      child.kill("SIGKILL");
    } catch {
      // It finished first.
    }
    await child.status;
    for await (const entry of Deno.readDir(dir)) {
      if (entry.name === "tree") continue;
      // Leftover temporary files never carry the link's name.
      assert.ok(
        entry.name === "big.36a5529f.link" || entry.name.endsWith(".tmp"),
        entry.name,
      );
    }
    const exists = await Deno.stat(linkPath).then(() => true, () => false);
    if (!exists) {
      outcomes.none++;
      await Deno.writeTextFile(linkPath, "");
      continue;
    }
    outcomes.complete++;
    const file = await readSignedFile(linkPath);
    assert.equal((await verifiedKeys(file, [key])).length, 1);
    assert.equal(
      Object.keys(validateLink(file.payload).materials).length,
      FILES,
    );
  }
  assert.equal(outcomes.none + outcomes.complete, 6);
});
