// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The verification core over metadata in memory: sublayouts, their summary
 * links, failures and depth, case by case of the attack catalogue (ids in
 * the test names).
 */
import assert from "node:assert/strict";
import type { SignedFile } from "../../lib/model/signed_file.ts";
import { layoutJson, linkFile, sign } from "../_verify_fixtures.ts";
import { ALICE, CARL, rejects, sublayoutChain, verify } from "./_chain.ts";

Deno.test("verifySupplyChain() verifies a sublayout and uses its summary link", async () => {
  const { layout, links } = await sublayoutChain();
  const report = await verify(layout, links);
  const step = report.steps[0]!;
  assert.equal(step.links[0]!.kind, "sublayout");
  assert.equal(step.sublayouts?.[0]?.passed, true);
  assert.deepEqual(step.products!.rules[0]!.consumed, ["a.out"]);
});

Deno.test("verifySupplyChain() fails when a sublayout's own step fails", async () => {
  const { layout, links } = await sublayoutChain({
    steps: [{ name: "compile", keys: [CARL], products: [["DISALLOW", "*"]] }],
  });
  await rejects(
    verify(layout, links),
    "RULE_FAILED",
    /Step "build" is delegated to sublayout "build\.[0-9a-f]{8}\.link", which failed: Step "compile" products/,
  );
});

Deno.test("verifySupplyChain() F5 fails cleanly on a sublayout with zero steps", async () => {
  const sublayout = await sign(
    layoutJson([], { inspections: [{ name: "x", run: ["true"] }] }),
    [ALICE],
  );
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  await rejects(
    verify(layout, new Map([[linkFile("build", ALICE), sublayout]]), {
      allowSublayoutInspections: true,
    }),
    "VERIFICATION_FAILED",
    /has no steps/,
  );
});

Deno.test("verifySupplyChain() F5 caps the sublayout depth", async () => {
  // Each level delegates "build" to ALICE again, one directory deeper.
  const sublayout = await sign(layoutJson([{ name: "build", keys: [ALICE] }]), [
    ALICE,
  ]);
  const links = new Map<string, SignedFile>();
  let directory = "";
  for (let level = 0; level < 12; level++) {
    links.set(`${directory}${linkFile("build", ALICE)}`, sublayout);
    directory += `build.${ALICE.prefix}/`;
  }
  const started = performance.now();
  await rejects(
    verify(layoutJson([{ name: "build", keys: [ALICE] }]), links, {
      limits: { maxDepth: 8 },
    }),
    "LIMIT_EXCEEDED",
    /nested more than 8 levels deep/,
  );
  assert.ok(performance.now() - started < 2000);
});
