// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Artifact paths given to `intoto run`, `record` and `match-products`: what
 * lies outside the base path is refused, absolute paths are recorded as
 * given, and --lstrip-paths may not leave a name unclean.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { readSignedFile } from "../../lib/model/signed_file.ts";
import { validateLink } from "../../lib/model/link.ts";
import { intoto, tempDir } from "../_helpers.ts";
import { KEY, LINK, list } from "./_run.ts";

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
