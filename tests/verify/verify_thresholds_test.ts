// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The verification core over metadata in memory: step thresholds and which
 * links count toward them, case by case of the attack catalogue (ids in the
 * test names).
 */
import assert from "node:assert/strict";
import { isIntotoError } from "../../lib/errors.ts";
import type { JsonObject } from "../../lib/json/parse.ts";
import { parseSignedFile } from "../../lib/model/signed_file.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";
import { ALICE, BOB, rejects, verify } from "./_chain.ts";

Deno.test("verifySupplyChain() T3 rejects thresholds that are not integers from 1 to the number of keys", async () => {
  for (const threshold of [0, -1, true, "1", 3]) {
    const layout = layoutJson([{ name: "build", keys: [ALICE, BOB] }]);
    (layout.steps as JsonObject[])[0]!.threshold = threshold;
    await rejects(
      verify(layout, new Map()),
      "INVALID_METADATA",
      /threshold/,
    );
  }
});

Deno.test("verifySupplyChain() T3 P2 rejects a float or huge threshold in the file", () => {
  for (const threshold of ["1.0", "1e0", "9007199254740993"]) {
    const text =
      `{"signed": {"_type": "layout", "threshold": ${threshold}}, "signatures": []}`;
    assert.throws(
      () => parseSignedFile(new TextEncoder().encode(text), "root.layout"),
      (error) => isIntotoError(error, "INVALID_JSON"),
      threshold,
    );
  }
});

Deno.test("verifySupplyChain() T4 requires all valid links to agree even at threshold 1", async () => {
  const layout = layoutJson([{ name: "build", keys: [ALICE, BOB] }]);
  const links = new Map([
    [
      linkFile("build", ALICE),
      await sign(linkJson("build", { products: { a: "1" } }), [ALICE]),
    ],
    [
      linkFile("build", BOB),
      await sign(linkJson("build", { products: { a: "2" } }), [BOB]),
    ],
  ]);
  const error = await rejects(
    verify(layout, links),
    "ARTIFACT_MISMATCH",
    /Step "build": links .* disagree on products: "a" differs/,
  );
  assert.equal(error?.report.failure?.stage, "consistency");
  const two = layoutJson([{ name: "build", keys: [ALICE, BOB], threshold: 2 }]);
  await rejects(verify(two, links), "ARTIFACT_MISMATCH", /disagree/);
});

Deno.test("verifySupplyChain() T4 passes when the links agree", async () => {
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE, BOB],
    threshold: 2,
  }]);
  const links = new Map([
    [
      linkFile("build", ALICE),
      await sign(linkJson("build", { products: { a: "1" } }), [ALICE]),
    ],
    [
      linkFile("build", BOB),
      await sign(linkJson("build", { products: { a: "1" } }), [BOB]),
    ],
  ]);
  const report = await verify(layout, links);
  assert.equal(report.steps[0]!.keysCounted.length, 2);
});

Deno.test("verifySupplyChain() fails when the threshold is not met and lists what was looked for", async () => {
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE, BOB],
    threshold: 2,
  }]);
  const links = new Map([[
    linkFile("build", ALICE),
    await sign(linkJson("build"), [ALICE]),
  ]]);
  await rejects(
    verify(layout, links),
    "THRESHOLD_NOT_MET",
    /Step "build": threshold 2 not met: found 1 /,
  );
  await rejects(
    verify(layout, new Map()),
    "THRESHOLD_NOT_MET",
    new RegExp(
      `no link file found; looked for "build\\.${ALICE.prefix}\\.link"`,
    ),
  );
});

Deno.test("verifySupplyChain() T5 does not count a link signed for another step", async () => {
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  const links = new Map([[
    linkFile("build", ALICE),
    await sign(linkJson("test"), [ALICE]),
  ]]);
  await rejects(
    verify(layout, links),
    "THRESHOLD_NOT_MET",
    /it is signed for step "test", not "build"/,
  );
});

Deno.test("verifySupplyChain() T6 does not count a provenance Statement saved as a link", async () => {
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  const statement = {
    _type: "https://in-toto.io/Statement/v1",
    subject: [{ name: "a", digest: { sha256: "0".repeat(64) } }],
    predicateType: "https://slsa.dev/provenance/v1",
    predicate: { name: "build" },
  };
  const links = new Map([[
    linkFile("build", ALICE),
    await sign(statement, [ALICE], "dsse"),
  ]]);
  const error = await rejects(
    verify(layout, links),
    "THRESHOLD_NOT_MET",
    /predicate type "https:\/\/slsa\.dev\/provenance\/v1"; only the link predicate/,
  );
  assert.equal(error?.report.steps[0]?.links[0]?.kind, "other");
});

Deno.test("verifySupplyChain() T7 refuses a layout with no steps and no inspections", async () => {
  await rejects(
    verify(layoutJson([]), new Map()),
    "VERIFICATION_FAILED",
    /no steps and no inspections/,
  );
});
