// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * in-toto-golang's constraint matching (certconstraint_test.go,
 * TestCheckCertConstraint) on its own demo layout and leaf.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT } from "../_helpers.ts";
import { parseCertificatesPem } from "../../lib/crypto/x509/certificate.ts";
import type { CertConstraint } from "../../lib/model/certificate_authority.ts";
import { validateLayout } from "../../lib/model/layout.ts";
import { parseSignedFile } from "../../lib/model/signed_file.ts";
import { constraintProblem } from "../../lib/verify/cert_constraints.ts";

const GOLANG = join(ROOT, "testdata", "in-toto-golang");
const layout = validateLayout(
  parseSignedFile(
    Deno.readFileSync(join(GOLANG, "demo.layout")),
    "demo.layout",
  ).payload,
);
const step = layout.steps[0]!;
const demoConstraint = step.cert_constraints![0]!;
const [leaf] = parseCertificatesPem(
  Deno.readTextFileSync(join(GOLANG, "example.com.write-code.cert.pem")),
);
const at = new Date("2026-01-01T00:00:00Z");

function problem(edit: Partial<CertConstraint>): string | undefined {
  const constraint = { ...demoConstraint, ...edit };
  return constraintProblem(leaf!, [], {
    step: { ...step, cert_constraints: [constraint] },
    layout,
    at,
  });
}

Deno.test("the demo's own constraint accepts its leaf", () => {
  assert.equal(problem({}), undefined);
});

Deno.test("* accepts any value, alone; next to other entries it is literal", () => {
  assert.equal(problem({ common_name: "*" }), undefined);
  assert.equal(problem({ uris: ["*"] }), undefined);
  assert.equal(problem({ dns_names: ["*"] }), undefined);
  assert.match(
    problem({ uris: ["*", "spiffe://example.com/write-code"] }) ?? "",
    /uris: the certificate lacks "\*"/,
  );
});

Deno.test('an empty list, or [""], requires the certificate to have none', () => {
  assert.equal(problem({ dns_names: [""], emails: [] }), undefined);
  assert.match(
    problem({ organizations: [""] }) ?? "",
    /organizations: the certificate has "example", the constraint allows none/,
  );
  assert.match(
    problem({ common_name: "" }) ?? "",
    /common_name: the certificate has "write-code\.example\.com", the constraint allows none/,
  );
  assert.match(
    problem({ dns_names: ["write-code.example.com"] }) ?? "",
    /dns_names: the certificate lacks "write-code\.example\.com"/,
  );
});

Deno.test("values compare exactly: no case folding, prefixes or globs", () => {
  for (
    const uris of [
      ["SPIFFE://example.com/write-code"],
      ["spiffe://example.com/Write-Code"],
      ["spiffe://example.com/"],
      ["spiffe://example.com/*"],
    ]
  ) {
    assert.match(problem({ uris }) ?? "", /uris: /, uris[0]);
  }
  // Duplicate constraint entries collapse.
  assert.equal(problem({ organizations: ["example", "example"] }), undefined);
});

Deno.test("any one of several constraints suffices; the failure lists each", () => {
  const other = { ...demoConstraint, common_name: "other" };
  assert.equal(
    constraintProblem(leaf!, [], {
      step: { ...step, cert_constraints: [other, demoConstraint] },
      layout,
      at,
    }),
    undefined,
  );
  const message = constraintProblem(leaf!, [], {
    step: { ...step, cert_constraints: [other, { ...other, uris: [] }] },
    layout,
    at,
  });
  assert.match(
    message ?? "",
    /^certificate "CN=write-code\.example\.com, OU=example, O=example" \(serial 2aa3090f4dd8dc94153f3f4056a370938014b258\) fails the cert_constraints check of step "write-code": #1 common_name: .*; #2 common_name: /,
  );
});

Deno.test("the chain is checked before the constraints", () => {
  assert.match(
    constraintProblem(leaf!, [], {
      step,
      layout,
      at: new Date("2032-01-01T00:00:00Z"),
    }) ?? "",
    /fails the validity check: expired on 2031-08-29T18:32:23Z/,
  );
});
