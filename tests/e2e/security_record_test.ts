// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The attack catalogue against the functionary side (`intoto run`,
 * `record`): names that reach the filesystem, symbolic links, key
 * collisions, configuration from the working folder, PATH hijacking, and
 * the design limits we accept (F6). End to end through the CLI.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readSignedFile } from "../../lib/model/signed_file.ts";
import { validateLink } from "../../lib/model/link.ts";
import { FIXTURES, intoto, tempDir } from "../_helpers.ts";
import { exists, fails, passes } from "./_security_helpers.ts";

const KEY = ["-k", join(FIXTURES, "demo_files", "danny"), "-t", "ed25519"];
const LINK = (name: string) => `${name}.36a5529f.link`;

async function recorded(
  directory: string,
  name: string,
  field: "materials" | "products" = "materials",
) {
  const link = validateLink(
    (await readSignedFile(join(directory, LINK(name))))
      .payload,
  );
  return link[field];
}

Deno.test("A7 intoto run refuses two files that would be recorded under one name", async () => {
  const directory = await tempDir();
  await Deno.mkdir(join(directory, "d", "x"), { recursive: true });
  await Deno.writeTextFile(join(directory, "d", "x\\y"), "backslash");
  await Deno.writeTextFile(join(directory, "d", "x", "y"), "slash");
  fails(
    await intoto(["run", "-n", "a7", ...KEY, "-m", "d", "-x"], {
      cwd: directory,
    }),
    2,
    /Cannot record "d\/x\/y" and "d\/x\\y": both would be recorded as "d\/x\/y"/,
  );
  assert.equal(await exists(join(directory, LINK("a7"))), false);
});

Deno.test("F1 intoto run, record and mock refuse step names that leave the folder", async () => {
  const directory = await tempDir();
  const work = join(directory, "work");
  await Deno.mkdir(work);
  for (const name of ["../escaped", "a/b", "..", "a\\b", ""]) {
    fails(
      await intoto(["run", "-n", name, ...KEY, "-x"], { cwd: work }),
      2,
      /Cannot use step name/,
      JSON.stringify(name),
    );
  }
  fails(
    await intoto(["record", "start", "-n", "../r", ...KEY], { cwd: work }),
    2,
    /step name/,
  );
  fails(
    await intoto(["mock", "-n", "../m", "--", "true"], { cwd: work }),
    2,
    /step name/,
  );
  assert.deepEqual(
    (await Array.fromAsync(Deno.readDir(directory))).map((e) => e.name),
    ["work"],
  );
  assert.deepEqual(await Array.fromAsync(Deno.readDir(work)), []);
});

Deno.test({
  name: "F1 intoto run refuses step names with control characters",
  fn: async () => {
    const directory = await tempDir();
    for (const name of ["x\u0001", "x\ny", "x\u001b[31m"]) {
      fails(
        await intoto(["run", "-n", name, ...KEY, "-x"], { cwd: directory }),
        2,
        /Cannot use step name/,
        JSON.stringify(name),
      );
    }
    assert.deepEqual(await Array.fromAsync(Deno.readDir(directory)), []);
  },
});

Deno.test("F2 intoto run skips, with a warning, symlinks leaving the root, dangling ones and special files", async () => {
  const directory = await tempDir();
  const d = join(directory, "d");
  await Deno.mkdir(d);
  await Deno.writeTextFile(join(d, "a"), "a");
  await Deno.symlink("/etc/hostname", join(d, "out"));
  await Deno.symlink("../..", join(d, "up"));
  await Deno.symlink("nowhere", join(d, "dangling"));
  const fifo = await new Deno.Command("mkfifo", { args: [join(d, "fifo")] })
    .output();
  assert.ok(fifo.success);
  const result = await intoto(["run", "-n", "f2", ...KEY, "-m", "d", "-x"], {
    cwd: directory,
  });
  passes(result);
  assert.match(result.stderr, /^warning: Skipping "d\/out": .*outside/m);
  assert.match(result.stderr, /^warning: Skipping "d\/dangling": .*dangling/m);
  assert.match(result.stderr, /^warning: Skipping "d\/fifo": /m);
  assert.deepEqual(Object.keys(await recorded(directory, "f2")), ["d/a"]);
});

Deno.test("F3 intoto run --follow-symlink-dirs ends two symlink loops at once", async () => {
  const directory = await tempDir();
  const d = join(directory, "d");
  await Deno.mkdir(join(d, "sub"), { recursive: true });
  await Deno.writeTextFile(join(d, "a"), "a");
  await Deno.writeTextFile(join(d, "sub", "b"), "b");
  await Deno.symlink(".", join(d, "l1"));
  await Deno.symlink(".", join(d, "l2"));
  await Deno.symlink("..", join(d, "sub", "up"));
  const started = performance.now();
  const result = await intoto([
    "run",
    "-n",
    "f3",
    ...KEY,
    "-m",
    "d",
    "--follow-symlink-dirs",
    "-x",
  ], { cwd: directory });
  assert.ok(performance.now() - started < 5000);
  passes(result);
  assert.deepEqual(Object.keys(await recorded(directory, "f3")), [
    "d/a",
    "d/sub/b",
  ]);
});

Deno.test("F4 intoto record ignores .in_totorc and IN_TOTO_* variables", async () => {
  const directory = await tempDir();
  await Deno.writeTextFile(join(directory, "main.c"), "int main;");
  await Deno.writeTextFile(join(directory, "backdoor.c"), "evil");
  await Deno.writeTextFile(
    join(directory, ".in_totorc"),
    "[in-toto settings]\nARTIFACT_EXCLUDE_PATTERNS=backdoor.c:.in_totorc\n",
  );
  const env = { IN_TOTO_ARTIFACT_EXCLUDE_PATTERNS: "backdoor.c" };
  passes(
    await intoto(["record", "start", "-n", "f4", ...KEY, "-m", "."], {
      cwd: directory,
      env,
    }),
  );
  passes(
    await intoto(["record", "stop", "-n", "f4", ...KEY, "-p", "."], {
      cwd: directory,
      env,
    }),
  );
  for (const field of ["materials", "products"] as const) {
    assert.deepEqual(Object.keys(await recorded(directory, "f4", field)), [
      ".in_totorc",
      "backdoor.c",
      "main.c",
    ]);
  }
});

Deno.test("F6 design limit: file modes are not recorded, so a chmod changes no link", async () => {
  const directory = await tempDir();
  const file = join(directory, "tool.sh");
  await Deno.writeTextFile(file, "echo hi\n");
  await Deno.chmod(file, 0o644);
  passes(
    await intoto(["run", "-n", "before", ...KEY, "-m", "tool.sh", "-x"], {
      cwd: directory,
    }),
  );
  await Deno.chmod(file, 0o4755);
  passes(
    await intoto(["run", "-n", "after", ...KEY, "-m", "tool.sh", "-x"], {
      cwd: directory,
    }),
  );
  assert.deepEqual(
    await recorded(directory, "before"),
    await recorded(directory, "after"),
  );
});

Deno.test("F6 design limit: line endings are normalised only with --normalize-line-endings", async () => {
  const directory = await tempDir();
  await Deno.writeTextFile(join(directory, "unix.txt"), "a\nb\n");
  await Deno.writeTextFile(join(directory, "dos.txt"), "a\r\nb\r\n");
  const args = ["-m", "unix.txt", "dos.txt", "-x"];
  passes(
    await intoto(["run", "-n", "raw", ...KEY, ...args], {
      cwd: directory,
    }),
  );
  passes(
    await intoto([
      "run",
      "-n",
      "normal",
      ...KEY,
      "--normalize-line-endings",
      ...args,
    ], { cwd: directory }),
  );
  const raw = await recorded(directory, "raw");
  const normal = await recorded(directory, "normal");
  assert.notDeepEqual(raw["unix.txt"], raw["dos.txt"]);
  assert.deepEqual(normal["unix.txt"], normal["dos.txt"]);
  assert.deepEqual(normal["unix.txt"], raw["unix.txt"]);
});

/**
 * Puts a `build` script that would touch "hijacked" in the working folder
 * and in its `bin/`, and checks that `intoto run -- build` finds neither
 * through any of `paths` (attack catalogue X6).
 */
async function neverHijacked(paths: string[]): Promise<void> {
  const directory = await tempDir();
  await Deno.mkdir(join(directory, "bin"));
  for (const file of ["build", join("bin", "build")]) {
    await Deno.writeTextFile(
      join(directory, file),
      "#!/bin/sh\ntouch hijacked\n",
      { mode: 0o755 },
    );
  }
  for (const path of paths) {
    fails(
      await intoto(["run", "-n", "x6", ...KEY, "--", "build"], {
        cwd: directory,
        env: { PATH: path },
      }),
      1,
      /Cannot run step command "build": command not found/,
      path,
    );
    assert.equal(await exists(join(directory, "hijacked")), false, path);
  }
}

Deno.test("X6 intoto run never finds the step command in the working folder through an empty PATH entry", async () => {
  await neverHijacked(["/usr/bin:/bin:", ":/usr/bin:/bin", "/usr/bin::/bin"]);
});

Deno.test("X6 intoto run never finds the step command in the working folder through a relative PATH entry", async () => {
  await neverHijacked([".:/usr/bin:/bin", "bin:/usr/bin:/bin", "./bin"]);
});
