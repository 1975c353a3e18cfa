// Copyright 2026 the intoto authors. Apache-2.0 license.
/** composeReport folds what the stages found into one report. */
import assert from "node:assert/strict";
import { composeReport, type Finding } from "../../lib/verify/findings.ts";
import type { StepReport } from "../../lib/verify/report.ts";

const STEP: StepReport = {
  name: "build",
  threshold: 1,
  expected: ["build.aaaaaaaa.link"],
  links: [],
  keysCounted: ["aaaa"],
};

const RULES = {
  item: "build",
  kind: "products" as const,
  rules: [{ rule: "CREATE app", consumed: ["app"] }],
  unconsumed: [],
};

Deno.test("composeReport attaches later findings to the step or inspection they name", () => {
  const sub = composeReport([], true);
  const findings: Finding[] = [
    { type: "layout-keys", keyids: ["owner"] },
    { type: "expires", expires: "2030-01-01T00:00:00Z" },
    { type: "step", step: STEP },
    { type: "sublayout", step: "build", report: sub },
    {
      type: "artifacts",
      item: { kind: "step", name: "build" },
      artifacts: { materials: {}, products: { app: { sha256: "00" } } },
    },
    { type: "rules", item: { kind: "step", name: "build" }, rules: RULES },
    { type: "inspection", name: "check", run: ["true"] },
    { type: "return-value", name: "check", value: 0 },
    { type: "warning", message: "w" },
    {
      type: "stage",
      stage: { stage: "summary", status: "passed", detail: "d" },
    },
  ];
  const report = composeReport(findings, true);
  assert.equal(report.passed, true);
  assert.deepEqual(report.layoutKeys, ["owner"]);
  assert.equal(report.expires, "2030-01-01T00:00:00Z");
  assert.deepEqual(report.steps, [{
    ...STEP,
    sublayouts: [sub],
    artifacts: { materials: {}, products: { app: { sha256: "00" } } },
    products: RULES,
  }]);
  assert.deepEqual(report.inspections, [{
    name: "check",
    run: ["true"],
    returnValue: 0,
  }]);
  assert.deepEqual(report.warnings, ["w"]);
  assert.equal(report.stages.length, 1);
  // The stage's own step report is not changed by composing.
  assert.equal(STEP.products, undefined);
});

Deno.test("composeReport of a failure keeps what was found before it", () => {
  const report = composeReport([
    { type: "step", step: STEP },
    {
      type: "failure",
      failure: {
        code: "THRESHOLD_NOT_MET",
        message: "m",
        stage: "links",
        item: { kind: "step", name: "build" },
      },
    },
  ], false);
  assert.equal(report.passed, false);
  assert.equal(report.failure?.item?.name, "build");
  assert.equal(report.steps.length, 1);
});
