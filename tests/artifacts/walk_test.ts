// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Which files a recording finds, and under which names: inside the base
 * path only, never outside a given folder, each real directory once.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { isIntotoError } from "../../lib/errors.ts";
import { recordArtifacts } from "../../lib/artifacts/record.ts";
import { ExcludeMatcher } from "../../lib/artifacts/exclude.ts";
import { visitArtifacts, type WalkEntry } from "../../lib/artifacts/walk.ts";
import { tempDir } from "../_helpers.ts";

async function withTree(
  files: Record<string, string | { link: string }>,
  test: (root: string) => Promise<void>,
): Promise<void> {
  const root = await tempDir();
  try {
    for (const [path, content] of Object.entries(files)) {
      await Deno.mkdir(join(root, path, ".."), { recursive: true });
      if (typeof content === "string") {
        await Deno.writeTextFile(join(root, path), content);
      } else await Deno.symlink(content.link, join(root, path));
    }
    await test(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

async function names(
  root: string,
  paths: string[],
  warnings: string[] = [],
): Promise<string[]> {
  const artifacts = await recordArtifacts(paths, {
    basePath: root,
    followSymlinkDirs: true,
    warn: (message) => warnings.push(message),
  });
  return Object.keys(artifacts);
}

Deno.test("recordArtifacts() refuses paths that leave the base path", async () => {
  await withTree({ "work/a": "a", "b": "b" }, async (root) => {
    const base = join(root, "work");
    for (
      const path of [
        "../b",
        "..",
        "x/../../b",
        join(root, "b"),
        "/etc/hostname",
      ]
    ) {
      await assert.rejects(
        recordArtifacts([path], { basePath: base }),
        (error) =>
          isIntotoError(error, "USAGE") &&
          error.message ===
            `Cannot record "${path}": it is outside the base path "${base}"; give paths inside it, or a base path that holds them`,
      );
    }
  });
});

Deno.test("recordArtifacts() records an absolute path inside the base path relative to it", async () => {
  await withTree({ "work/a": "a", "work/d/e": "e" }, async (root) => {
    const base = join(root, "work");
    const artifacts = await recordArtifacts(
      [join(base, "a"), join(base, "d"), base + "/d/../a"],
      { basePath: base },
    );
    assert.deepEqual(Object.keys(artifacts), ["a", "d/e"]);
    assert.deepEqual(
      Object.keys(await recordArtifacts([base], { basePath: base })),
      ["a", "d/e"],
    );
  });
});

Deno.test("recordArtifacts() never follows a link out of the given folder", async () => {
  await withTree({
    "key.txt": "secret",
    "t/a": "a",
    "t/loop/b": "b",
    "t/loop/up": { link: ".." },
    "t/loop/top": { link: "../.." },
    // A link to a file may lead anywhere inside the base path, as in 1.3.1.
    "t/loop/file": { link: "../../key.txt" },
  }, async (root) => {
    const warnings: string[] = [];
    assert.deepEqual(await names(root, ["t/loop"], warnings), [
      "t/loop/b",
      "t/loop/file",
    ]);
    const real = await Deno.realPath(root);
    assert.deepEqual(warnings, [
      `Skipping "t/loop/top": it is a symbolic link to "${real}", outside the recorded folder "t/loop"`,
      `Skipping "t/loop/up": it is a symbolic link to "${real}/t", outside the recorded folder "t/loop"`,
    ]);
    const inT: string[] = [];
    assert.deepEqual(await names(root, ["t"], inT), [
      "t/a",
      "t/loop/b",
      "t/loop/file",
    ]);
    assert.ok(
      inT.includes(
        'Skipping "t/loop/up": it is a symbolic link to "t", which is recorded already',
      ),
    );
  });
});

Deno.test("recordArtifacts() walks stacked diamonds of links once per real directory", async () => {
  // d0/{a,b} -> d1, d1/{a,b} -> d2, ...: 2^24 paths, 25 real directories.
  const files: Record<string, string | { link: string }> = {};
  for (let i = 0; i < 24; i++) {
    files[`d${i}/f`] = `${i}`;
    files[`d${i}/a`] = { link: `../d${i + 1}` };
    files[`d${i}/b`] = { link: `../d${i + 1}` };
  }
  files["d24/f"] = "24";
  await withTree(files, async (root) => {
    const warnings: string[] = [];
    const recorded = await names(root, ["."], warnings);
    assert.equal(recorded.length, 25);
    assert.ok(
      recorded.every((name) => /^d\d+\/f$/.test(name)),
      recorded.join(),
    );
    assert.equal(warnings.length, 48);
  });
});

Deno.test("visitArtifacts() gives the folder a file can be read from by its name", async () => {
  await withTree({
    "a/x.txt": "x",
    "b/y.txt": "y",
    "top.txt": "t",
    "link": { link: "b" },
    "file-link": { link: "a/x.txt" },
  }, async (root) => {
    const real = await Deno.realPath(root);
    const entries: WalkEntry[] = [];
    const walk = (paths: string[]) => {
      entries.length = 0;
      visitArtifacts(paths, {
        basePath: root,
        excludes: new ExcludeMatcher([]),
        followSymlinkDirs: true,
        onEntry: (entry) => entries.push(entry),
      });
      return Object.fromEntries(entries.map((e) => [e.name, e.within]));
    };
    // Found by walking real folders from a relative name: readable by name
    // (the link to b is not walked: b was, under its own name).
    assert.deepEqual(walk(["."]), {
      "a/x.txt": real,
      "b/y.txt": real,
      "file-link": undefined,
      "top.txt": real,
    });
    for (const entry of entries) {
      if (entry.within !== undefined) {
        assert.equal(entry.path, `${entry.within}/${entry.name}`);
      }
    }
    // Given as a file or found through a link: by path only. An absolute
    // path inside the base path is named relative to it: by name.
    assert.deepEqual(walk(["top.txt", "link", join(real, "a")]), {
      "top.txt": undefined,
      "link/y.txt": undefined,
      "a/x.txt": real,
    });
  });
});
