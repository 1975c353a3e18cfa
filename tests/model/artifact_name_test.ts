// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { isIntotoError } from "../../lib/errors.ts";
import {
  artifactNameProblem,
  checkArtifactName,
} from "../../lib/model/artifact_name.ts";

Deno.test("checkArtifactName() accepts clean relative paths", () => {
  for (
    const name of [
      "a",
      "src/a.py",
      ".hidden",
      "..x",
      "x..",
      "a/.b/c",
      "a/...",
      "__proto__",
      "d\u00e9j\u00e0/\u{1f600}",
      "with space/and\nnewline",
    ]
  ) {
    assert.equal(artifactNameProblem(name), undefined, name);
    checkArtifactName(name);
  }
});

Deno.test("checkArtifactName() A1/A6: rejects names that are not clean", () => {
  const table: [string, RegExp][] = [
    ["", /empty/],
    ["/etc/passwd", /absolute/],
    ["./secret.key", /"\." segment/],
    ["x/../secret.key", /"\.\." segment/],
    ["..", /"\.\." segment/],
    ["x/.", /"\." segment/],
    ["src//x", /empty segment/],
    ["dir/", /empty segment/],
    ["a\\b", /backslash/],
    ["a\0b", /NUL/],
  ];
  for (const [name, reason] of table) {
    assert.match(artifactNameProblem(name) ?? "", reason, name);
    assert.throws(
      () => checkArtifactName(name, { where: 'Step "build" products' }),
      (error) =>
        isIntotoError(error, "INVALID_METADATA") &&
        error.message.startsWith(
          `Step "build" products: artifact name ${
            JSON.stringify(name)
          } is not a clean relative path: `,
        ),
      name,
    );
  }
  assert.throws(() => checkArtifactName("./x"), /^IntotoError: Artifact name/);
});
