// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Each mistake lintLayout knows, put into an otherwise clean layout: the
 * finding has the right check, severity, path, step and rule.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { LayoutBuilder } from "../../lib/authoring/layout_builder.ts";
import { type LintFinding, lintLayout } from "../../lib/authoring/lint.ts";
import { loadPublicKey } from "../../lib/crypto/load.ts";
import type { JsonObject } from "../../lib/json/parse.ts";
import { parseCertificatesPem } from "../../lib/crypto/x509/certificate.ts";
import { authorityEntry } from "../../lib/model/certificate_authority.ts";
import { FIXTURES } from "../_helpers.ts";

const NOW = new Date("2030-01-01T00:00:00Z");
const PATH = "/usr/bin:/bin";

// deno-lint-ignore no-explicit-any
type Editable = Record<string, any>;

const bob = await loadPublicKey(join(FIXTURES, "demo_files", "bob.pub"));
const carl = await loadPublicKey(join(FIXTURES, "demo_files", "carl.pub"));
const root = authorityEntry(parseCertificatesPem(
  await Deno.readTextFile(
    join(FIXTURES, "..", "in-toto-golang", "root.cert.pem"),
  ),
));

/** A layout with no mistake: build makes app.tar.gz, check unpacks it. */
function cleanLayout(): JsonObject {
  const builder = LayoutBuilder.create({ expires: "1y", now: NOW });
  const bobId = builder.addKey(bob).keyid;
  const carlId = builder.addKey(carl).keyid;
  builder.addStep({
    name: "build",
    keys: [bobId, carlId],
    materials: ["ALLOW src/*", "DISALLOW *"],
    products: ["CREATE app.tar.gz", "DISALLOW *"],
    expectedCommand: "make dist",
  });
  builder.addInspection({
    name: "check",
    run: "true",
    materials: ["MATCH app.tar.gz WITH PRODUCTS FROM build", "DISALLOW *"],
    products: ["DISALLOW *"],
  });
  return builder.signed;
}

async function lint(
  edit: (layout: Editable) => void,
  now: Date = NOW,
): Promise<LintFinding[]> {
  const layout = cleanLayout() as Editable;
  edit(layout);
  return await lintLayout(layout as JsonObject, { now, path: PATH });
}

function only(
  findings: LintFinding[],
  check: string,
): LintFinding {
  const found = findings.filter((finding) => finding.check === check);
  assert.equal(found.length, 1, JSON.stringify(findings, null, 1));
  return found[0]!;
}

Deno.test("lint: a clean layout has no findings", async () => {
  assert.deepEqual(await lint(() => {}), []);
});

Deno.test("lint: a rule after ALLOW * can never match (error)", async () => {
  const findings = await lint((layout) => {
    layout.steps[0].expected_materials = [
      ["ALLOW", "*"],
      ["CREATE", "src/a.c"],
      [
        "DISALLOW",
        "*",
      ],
    ];
  });
  const shadowed = findings.filter((f) => f.check === "shadowed-rule");
  assert.deepEqual(
    shadowed.map((f) => [f.severity, f.path, f.rule, f.item?.name]),
    [
      ["error", "steps[0].expected_materials[1]", "CREATE src/a.c", "build"],
      ["error", "steps[0].expected_materials[2]", "DISALLOW *", "build"],
    ],
  );
  assert.match(shadowed[1]!.message, /"ALLOW \*" before it already consumes/);
});

Deno.test("lint: a REQUIRE after an ALLOW that covers it can never pass", async () => {
  const finding = only(
    await lint((layout) => {
      layout.steps[0].expected_materials = [["ALLOW", "src/*"], [
        "REQUIRE",
        "src/main.c",
      ], ["DISALLOW", "*"]];
    }),
    "shadowed-rule",
  );
  assert.equal(finding.severity, "error");
  assert.match(finding.message, /can never pass/);
});

Deno.test("lint: a rule after DISALLOW * never applies (warning)", async () => {
  const findings = await lint((layout) => {
    layout.steps[0].expected_products = [["CREATE", "app.tar.gz"], [
      "DISALLOW",
      "*",
    ], ["ALLOW", "app.log"]];
  });
  const finding = only(findings, "shadowed-rule");
  assert.equal(finding.severity, "warning");
  assert.equal(finding.path, "steps[0].expected_products[2]");
  assert.equal(only(findings, "no-final-disallow").severity, "warning");
});

Deno.test("lint: a rule list without a final DISALLOW * warns", async () => {
  const finding = only(
    await lint((layout) => {
      layout.inspect[0].expected_products = [];
    }),
    "no-final-disallow",
  );
  assert.deepEqual(
    [finding.severity, finding.path, finding.item],
    ["warning", "inspect[0].expected_products", {
      type: "inspection",
      name: "check",
    }],
  );
});

Deno.test("lint: a threshold larger than the number of keys is an error", async () => {
  const finding = only(
    await lint((layout) => {
      layout.steps[0].threshold = 3;
    }),
    "threshold",
  );
  assert.equal(finding.severity, "error");
  assert.equal(finding.path, "steps[0].threshold");
  assert.match(finding.message, /needs 3 signers but has only 2 key/);
});

Deno.test("lint: certificates count as signers, but need a root CA", async () => {
  const constraints = [{ common_name: "*", roots: ["*"] }];
  const withoutRoot = await lint((layout) => {
    layout.steps[0].threshold = 3;
    layout.steps[0].cert_constraints = constraints;
  });
  const finding = only(withoutRoot, "missing-key");
  assert.equal(finding.path, "steps[0].cert_constraints");
  assert.match(finding.message, /no rootcas/);
  assert.equal(withoutRoot.some((f) => f.check === "threshold"), false);
  const withRoot = await lint((layout) => {
    layout.steps[0].threshold = 3;
    layout.steps[0].cert_constraints = constraints;
    layout.rootcas = { [root.keyid]: root };
  });
  assert.deepEqual(withRoot, []);
});

Deno.test("lint: a step's missing key is an error, an unused key a warning", async () => {
  const missing = "ab".repeat(32);
  const findings = await lint((layout) => {
    layout.steps[0].pubkeys = [layout.steps[0].pubkeys[0], missing];
    layout.steps[0].threshold = 2;
  });
  const finding = only(findings, "missing-key");
  assert.equal(finding.severity, "error");
  assert.ok(finding.message.includes(missing));
  assert.match(
    only(findings, "threshold").message,
    /only 1 of its 2 keys are in the layout/,
  );
  const unused = only(findings, "unused-key");
  assert.equal(unused.severity, "warning");
  assert.ok(unused.path.includes(unused.message.split('"')[1]!));
});

Deno.test("lint: an expired layout is an error, one more than two years out a warning", async () => {
  const expired = only(
    await lint(() => {}, new Date("2032-01-01T00:00:00Z")),
    "expiry",
  );
  assert.equal(expired.severity, "error");
  assert.match(expired.message, /expired on 2031-01-01T00:00:00Z/);
  const far = only(
    await lint(() => {}, new Date("2028-01-01T00:00:00Z")),
    "expiry",
  );
  assert.equal(far.severity, "warning");
  assert.match(far.message, /more than 2 years from now/);
});

Deno.test("lint: unclean patterns are errors that say what to write", async () => {
  const findings = await lint((layout) => {
    layout.steps[0].expected_materials = [
      ["ALLOW", "./src/a.c"],
      ["ALLOW", "/etc/passwd"],
      ["ALLOW", "src/../b.c"],
      ["ALLOW", "src//c.c"],
      ["ALLOW", "docs/"],
      ["DISALLOW", "*"],
    ];
  });
  const unclean = findings.filter((f) => f.check === "unclean-pattern");
  assert.deepEqual(unclean.map((f) => f.severity), Array(5).fill("error"));
  assert.deepEqual(
    unclean.map((f) => f.path),
    [0, 1, 2, 3, 4].map((index) => `steps[0].expected_materials[${index}]`),
  );
  assert.match(unclean[0]!.message, /write "src\/a.c"/);
  assert.match(unclean[1]!.message, /it is absolute/);
  assert.match(unclean[2]!.message, /write "b.c"/);
  assert.match(unclean[3]!.message, /write "src\/c.c"/);
  assert.match(unclean[4]!.message, /write "docs\/\*"/);
});

Deno.test("lint: MATCH naming an unknown step is an error", async () => {
  const finding = only(
    await lint((layout) => {
      layout.inspect[0].expected_materials[0][5] = "biuld";
    }),
    "match-unknown-step",
  );
  assert.equal(finding.severity, "error");
  assert.equal(finding.rule, "MATCH app.tar.gz WITH PRODUCTS FROM biuld");
  assert.match(finding.message, /"biuld", which is no step or inspection/);
});

Deno.test("lint: MATCH naming a step that runs later is an error", async () => {
  const findings = await lint((layout) => {
    layout.steps[0].expected_materials = [
      ["MATCH", "*", "WITH", "PRODUCTS", "FROM", "check"],
      ["MATCH", "*", "WITH", "PRODUCTS", "FROM", "build"],
      ["DISALLOW", "*"],
    ];
  });
  const later = findings.filter((f) => f.check === "match-later-step");
  assert.deepEqual(later.map((f) => [f.severity, f.path]), [
    ["error", "steps[0].expected_materials[0]"],
    ["error", "steps[0].expected_materials[1]"],
  ]);
  assert.match(later[0]!.message, /inspection "check", which runs later/);
  assert.match(later[1]!.message, /step "build", which is this one/);
});

Deno.test("lint: a product that no later step or inspection consumes warns", async () => {
  const finding = only(
    await lint((layout) => {
      layout.inspect[0].expected_materials[0][1] = "other.zip";
    }),
    "unconsumed-product",
  );
  assert.equal(finding.severity, "warning");
  assert.equal(finding.path, "steps[0].expected_products[0]");
  assert.equal(finding.rule, "CREATE app.tar.gz");
});

Deno.test("lint: an inspection whose program is not on PATH warns", async () => {
  const finding = only(
    await lint((layout) => {
      layout.inspect[0].run = ["no-such-program-for-lint", "x"];
    }),
    "inspection-command",
  );
  assert.equal(finding.severity, "warning");
  assert.equal(finding.path, "inspect[0].run");
  assert.match(finding.message, /"no-such-program-for-lint"/);
});

Deno.test("lint: a rule that does not parse is an error", async () => {
  const finding = only(
    await lint((layout) => {
      layout.steps[0].expected_materials.unshift(["ALOW", "src/*"]);
    }),
    "invalid-rule",
  );
  assert.equal(finding.severity, "error");
  assert.equal(finding.rule, "ALOW src/*");
});

Deno.test("lint: what verification rejects for another reason is an error", async () => {
  const finding = only(
    await lint((layout) => {
      layout.inspect[0].name = "build";
    }),
    "invalid-layout",
  );
  assert.equal(finding.severity, "error");
  assert.match(finding.message, /already the name of another step/);
});

Deno.test("lint: something that is not a layout is refused", async () => {
  await assert.rejects(
    () => lintLayout({ _type: "link" }),
    /Cannot lint: not a layout/,
  );
  await assert.rejects(
    () => lintLayout({ _type: "layout", steps: {}, inspect: [] }),
    /"steps" must be a list of objects/,
  );
});
