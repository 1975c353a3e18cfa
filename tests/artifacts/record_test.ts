// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * recordArtifacts() against in-toto 1.3.1: the same artifacts as its
 * record_artifacts_as_dict and as in-toto-run's links, over one tree of
 * tricky names and links, with every option.
 */
import assert from "node:assert/strict";
import {
  assertSame,
  LINKED_COPIES,
  makeTree,
  ours,
  type ReferenceOptions,
  referenceRecord,
  referenceRun,
  withoutLinkedCopies,
} from "./_record.ts";

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
