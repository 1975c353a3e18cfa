// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The HTML report is self-contained and escapes every value. Rendering is
 * tested in Chromium by tests/e2e/report_test.ts.
 */
import assert from "node:assert/strict";
import { reportHtml } from "../../lib/cli/report_html.ts";
import type { VerificationReport } from "../../lib/verify/report.ts";

const EVIL = `<script>alert(1)</script>"'&`;

function report(): VerificationReport {
  return {
    passed: false,
    layoutKeys: [EVIL],
    expires: EVIL,
    stages: [{ stage: "step-rules", status: "failed", detail: EVIL }],
    chain: [{
      kind: "step",
      name: EVIL,
      command: [EVIL],
      materials: [["ALLOW", EVIL]],
      products: [["DISALLOW", "*"]],
      pubkeys: [EVIL],
      threshold: 1,
    }],
    steps: [{
      name: EVIL,
      threshold: 1,
      expected: [EVIL],
      links: [{
        file: EVIL,
        keyid: EVIL,
        kind: "link",
        status: "rejected",
        reason: EVIL,
      }],
      keysCounted: [],
      artifacts: { materials: {}, products: { [EVIL]: { sha256: EVIL } } },
      materials: {
        item: EVIL,
        kind: "materials",
        rules: [{ rule: `ALLOW ${EVIL}`, consumed: [] }],
        unconsumed: [],
      },
      products: {
        item: EVIL,
        kind: "products",
        rules: [{ rule: "DISALLOW *", consumed: [] }],
        unconsumed: [EVIL],
        failure: { rule: "DISALLOW *", artifacts: [EVIL], message: EVIL },
      },
    }],
    inspections: [],
    warnings: [EVIL],
    failure: {
      code: "RULE_FAILED",
      message: EVIL,
      stage: "step-rules",
      item: { kind: "step", name: EVIL },
    },
  };
}

Deno.test("reportHtml escapes every value from the layout, links and messages", () => {
  const html = reportHtml(report(), {
    layout: EVIL,
    generated: new Date(0),
    version: "0.0.0",
  });
  assert.equal(html.includes("<script"), false);
  assert.equal(html.includes(EVIL), false);
  assert.ok(
    html.includes("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"),
  );
});

Deno.test("reportHtml loads nothing: a strict content security policy, no URL", () => {
  const html = reportHtml(report(), {
    layout: "root.layout",
    generated: new Date(0),
    version: "0.0.0",
  });
  assert.ok(
    html.includes(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    ),
  );
  // The SVG namespace is the only URL, and it is never fetched.
  assert.deepEqual(
    [...new Set(html.match(/https?:\/\/[^"\s]+/g))],
    ["http://www.w3.org/2000/svg"],
  );
  assert.match(html, /class="node failed"/);
});

Deno.test("reportHtml lists a delegated step's sublayouts and their items", () => {
  const sub = report();
  sub.chain![0]!.name = "compile";
  sub.failure!.item!.name = "compile";
  const outer = report();
  outer.steps[0]!.sublayouts = [sub];
  const html = reportHtml(outer, {
    layout: "root.layout",
    generated: new Date(0),
    version: "0.0.0",
  });
  assert.match(
    html,
    /<th>Sublayout<\/th>.*<tr class="failed"><td>FAILED: .*<\/td><td>step compile: failed<\/td><\/tr>/s,
  );
});
