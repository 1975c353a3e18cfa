// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * collectStepLinks() keeps what later stages need of an accepted file, and
 * no more: a sublayout's signed file, but not a link's, whose signed bytes
 * are as large as the link.
 */
import assert from "node:assert/strict";
import { validateLayout } from "../../lib/model/layout.ts";
import { DEFAULT_LIMITS } from "../../lib/verify/limits.ts";
import { collectStepLinks } from "../../lib/verify/links.ts";
import { demoLinks, demoSteps, sublayoutChain } from "./_chain.ts";
import { layoutJson } from "../_verify_fixtures.ts";

Deno.test("collectStepLinks() keeps a sublayout's signed file, not a link's", async () => {
  const demo = validateLayout(layoutJson(demoSteps()));
  const links = await demoLinks();
  for (const step of demo.steps) {
    const { accepted } = await collectStepLinks(step, {
      layout: demo,
      source: links,
      directory: "",
      limits: DEFAULT_LIMITS,
    });
    assert.equal(accepted.length, 1, step.name);
    assert.ok(accepted[0]!.link !== undefined, step.name);
    assert.equal(accepted[0]!.signed, undefined, step.name);
  }
  const chain = await sublayoutChain();
  const layout = validateLayout(chain.layout);
  const { accepted } = await collectStepLinks(layout.steps[0]!, {
    layout,
    source: chain.links,
    directory: "",
    limits: DEFAULT_LIMITS,
  });
  assert.equal(accepted[0]!.link, undefined);
  assert.equal(accepted[0]!.signed?.payload._type, "layout");
});
