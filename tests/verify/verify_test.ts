// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The verification core over metadata in memory: the demo chain passes
 * with a report of every stage, a changed product fails, a changed command
 * warns.
 */
import assert from "node:assert/strict";
import { STAGES } from "../../lib/verify/report.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";
import { ALICE, BOB, demoLinks, demoSteps, rejects, verify } from "./_chain.ts";

Deno.test("verifySupplyChain() passes the demo chain and reports every stage", async () => {
  const report = await verify(layoutJson(demoSteps()), await demoLinks());
  assert.equal(report.passed, true);
  assert.deepEqual(report.stages.map((stage) => stage.status), [
    ...report.stages.map(() => "passed"),
  ]);
  assert.deepEqual(report.stages.map((stage) => stage.stage), [...STAGES]);
  assert.deepEqual(report.steps.map((step) => step.keysCounted), [
    [ALICE.publicKey.keyid],
    [BOB.publicKey.keyid],
  ]);
  assert.deepEqual(report.steps[1]!.materials!.rules[0]!.consumed, ["foo.py"]);
  assert.deepEqual(Object.keys(report.summary!.products), ["foo.tar.gz"]);
  assert.deepEqual(Object.keys(report.summary!.materials), []);
  assert.deepEqual(report.warnings, []);
});

Deno.test("verifySupplyChain() fails on a changed product and names step, rule and artifact", async () => {
  const links = await demoLinks();
  links.set(
    linkFile("package", BOB),
    await sign(
      linkJson("package", {
        command: ["tar", "zcvf", "foo.tar.gz", "foo.py"],
        materials: { "foo.py": "evil" },
        products: { "foo.tar.gz": "tgz" },
      }),
      [BOB],
    ),
  );
  const error = await rejects(
    verify(layoutJson(demoSteps()), links),
    "RULE_FAILED",
    /Step "package" materials: rule "MATCH foo\.py WITH PRODUCTS FROM write-code" failed: "foo\.py" has sha256 [0-9a-f]+\.\.\. but write-code produced/,
  );
  assert.equal(error?.report.failure?.stage, "step-rules");
  assert.ok(error?.report.steps[1]?.materials?.failure);
});

Deno.test("verifySupplyChain() warns when a command differs from the expected one", async () => {
  const steps = demoSteps([{}, { command: ["tar", "cf", "x"] }]);
  const report = await verify(layoutJson(steps), await demoLinks());
  assert.equal(report.warnings.length, 1);
  assert.match(report.warnings[0]!, /Step "package".*expects/);
});
