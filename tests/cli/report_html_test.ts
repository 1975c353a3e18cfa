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

Deno.test("reportHtml draws a delegated step's sublayouts and details their items", () => {
  const sub = report();
  sub.chain![0]!.name = "compile";
  sub.steps[0]!.name = "compile";
  sub.failure!.item!.name = "compile";
  sub.failure!.message = "compile's DISALLOW failed";
  sub.chain!.push({
    kind: "inspection",
    name: "check",
    command: ["true"],
    materials: [["MATCH", "*", "WITH", "PRODUCTS", "FROM", "compile"]],
    products: [],
  });
  const outer = report();
  outer.chain![0]!.name = "build";
  outer.steps[0]!.name = "build";
  outer.steps[0]!.sublayouts = [sub];
  const html = reportHtml(outer, {
    layout: "root.layout",
    generated: new Date(0),
    version: "0.0.0",
  });
  const start = html.indexOf(
    '<div class="sublayout failed" id="sublayout-1-">',
  );
  assert.ok(start > html.indexOf('id="step:build"'), "inside step build");
  const nested = html.slice(start);
  assert.match(
    nested,
    /^[^]*<h4>Sublayout 1 of build: <span class="failed-text">failed<\/span><\/h4>/,
  );
  assert.match(
    nested,
    /Stage step-rules, step &quot;compile&quot; \(RULE_FAILED\): compile&#39;s DISALLOW failed/,
  );
  // Its own graph, whose arrow id differs from the layout's, and its own
  // item sections, with ids apart from the layout's.
  assert.equal(html.match(/<svg /g)?.length, 2);
  assert.match(html, /<marker id="arrow" /);
  assert.match(nested, /<marker id="sublayout-1-arrow" /);
  assert.match(nested, /marker-end="url\(#sublayout-1-arrow\)"/);
  assert.match(nested, /<g class="node failed" data-item="step:compile">/);
  assert.match(
    nested,
    /<section class="item failed" id="sublayout-1-step:compile">/,
  );
  assert.equal(
    new Set(html.match(/ id="[^"]*"/g)).size,
    html.match(/ id="[^"]*"/g)!.length,
  );
});
