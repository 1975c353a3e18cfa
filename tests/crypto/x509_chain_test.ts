// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { ROOT, tempDir } from "../_helpers.ts";
import { BUILD_ID, type Issued, makePki } from "../_x509.ts";
import {
  type Certificate,
  parseCertificatesPem,
} from "../../lib/crypto/x509/certificate.ts";
import { verifyCertificateChain } from "../../lib/crypto/x509/chain.ts";
import { certificateKey } from "../../lib/crypto/x509/key.ts";
import { spiffeIdProblem } from "../../lib/crypto/x509/spiffe.ts";

const pki = await makePki(await tempDir());
const GOLANG = join(ROOT, "testdata", "in-toto-golang");

function read(path: string): Certificate {
  const [certificate] = parseCertificatesPem(Deno.readTextFileSync(path));
  return certificate!;
}

const cert = (issued: Issued) => read(issued.cert);
const root = cert(pki.root);
const intermediate = cert(pki.intermediate);
const now = new Date();

function chain(
  leaf: Certificate,
  intermediates: Certificate[] = [intermediate],
  at = now,
): Certificate[] {
  return verifyCertificateChain(leaf, { roots: [root], intermediates, at });
}

/** Requires a chain failure that names the certificate and the check. */
function fails(
  run: () => unknown,
  subject: string,
  check: string,
  detail: RegExp,
): void {
  assert.throws(run, (error: Error) => {
    assert.match(
      error.message,
      new RegExp(
        `^certificate "${subject}" \\(serial [0-9a-f]+\\) fails the ${check} check: `,
      ),
    );
    assert.match(error.message, detail);
    return true;
  });
}

Deno.test("parseCertificate reads names, SANs, usages and dates from openssl's output", () => {
  const leaf = cert(pki.build);
  assert.equal(leaf.commonName, "build.example.org");
  assert.deepEqual(leaf.organizations, ["example"]);
  assert.deepEqual(leaf.uris, [BUILD_ID]);
  assert.deepEqual(leaf.extendedKeyUsage, ["1.3.6.1.5.5.7.3.3"]);
  assert.equal(leaf.ca, false);
  assert.equal(intermediate.ca, true);
  assert.equal(intermediate.pathLength, 0);
  assert.equal(leaf.subjectText, "CN=build.example.org, O=example");
  assert.equal(leaf.issuerText, "CN=Test Intermediate, O=example");
  const expired = cert(pki.expired);
  assert.equal(expired.notBefore.toISOString(), "2020-01-01T00:00:00.000Z");
  assert.equal(expired.notAfter.toISOString(), "2021-01-01T00:00:00.000Z");
  assert.equal(expired.serial, "0a");
});

Deno.test("certificate keyids are in-toto-golang's (keylib_test TestLoadKeyDefaults, demo.layout)", () => {
  const keyid = (name: string) =>
    certificateKey(read(join(GOLANG, `${name}.cert.pem`))).keyid;
  assert.equal(
    keyid("example.com.write-code"),
    "4979dea7a8467cbe0299693703b81d490854143b859a469ec0f6349e7bdf582a",
  );
  assert.equal(
    keyid("root"),
    "da6360ef818d52b11f891132609f34907bd48521b33fc96927979b7fce876136",
  );
  assert.equal(
    keyid("example.com.intermediate"),
    "a6c9536bc35adcd7fefde347b89a6c6d03da63d2955733eb15774b29c7fdb25f",
  );
});

Deno.test("in-toto-golang's chain verifies, and fails without its intermediate or root (TestVerifyCertificateTrust)", () => {
  const golangRoot = read(join(GOLANG, "root.cert.pem"));
  const golangIntermediate = read(
    join(GOLANG, "example.com.intermediate.cert.pem"),
  );
  const leaf = read(join(GOLANG, "example.com.write-code.cert.pem"));
  const at = new Date("2026-01-01T00:00:00Z");
  const verify = (roots: Certificate[], intermediates: Certificate[]) =>
    verifyCertificateChain(leaf, { roots, intermediates, at });
  assert.equal(verify([golangRoot], [golangIntermediate]).length, 3);
  const subject = "CN=write-code\\.example\\.com, OU=example, O=example";
  fails(() => verify([golangRoot], []), subject, "issuer", /none of the/);
  fails(
    () => verify([], [golangIntermediate]),
    "O=example, OU=exampleCN=example\\.com",
    "issuer",
    /none of the/,
  );
});

Deno.test("good leaves chain through the intermediate, or straight to the root", () => {
  assert.deepEqual(chain(cert(pki.build)).map((c) => c.commonName), [
    "build.example.org",
    "Test Intermediate",
    "Test Root",
  ]);
  assert.equal(chain(cert(pki.ed25519)).length, 3);
  assert.equal(chain(cert(pki.direct), []).length, 2);
  // A root given as an intermediate too is still found as the anchor.
  assert.equal(chain(cert(pki.build), [intermediate, root]).length, 3);
});

Deno.test("every refused certificate is named with the check it fails", () => {
  const leaf = "CN=build\\.example\\.org, O=example";
  fails(
    () => chain(cert(pki.expired)),
    leaf,
    "validity",
    /expired on 2021-01-01T00:00:00Z \(checked at /,
  );
  fails(
    () => chain(cert(pki.build), [intermediate], new Date("2000-01-01")),
    leaf,
    "validity",
    /not valid before/,
  );
  fails(
    () => chain(cert(pki.build), [intermediate], new Date("2099-01-01")),
    leaf,
    "validity",
    /expired on/,
  );
  // The foreign root has the same name as ours: only the signature tells.
  fails(
    () => chain(cert(pki.foreign)),
    leaf,
    "signature",
    /does not verify with the key of "CN=Test Root, O=example"/,
  );
  fails(
    () => chain(cert(pki.server)),
    leaf,
    "extended key usage",
    /it allows serverAuth, clientAuth, not codeSigning/,
  );
  fails(
    () => chain(cert(pki.twoUris)),
    leaf,
    "SPIFFE ID",
    /an SVID carries exactly one URI, this one 2/,
  );
  fails(
    () => chain(cert(pki.critical)),
    leaf,
    "critical extension",
    /unknown critical extension 1\.3\.6\.1\.4\.1\.55555\.1/,
  );
  fails(
    () => chain(cert(pki.sha1)),
    leaf,
    "signature algorithm",
    /ecdsa-with-SHA1 \(SHA-1\) is not accepted/,
  );
  fails(
    () => chain(cert(pki.underNoCa), [cert(pki.noCa)]),
    "CN=Not A CA, O=example",
    "basic constraints",
    /it has no basicConstraints, so it is not a CA/,
  );
  fails(
    () => chain(cert(pki.tooDeep), [intermediate, cert(pki.subIntermediate)]),
    "CN=Test Intermediate, O=example",
    "path length",
    /it allows 0 intermediate CA\(s\) below it, the chain has 1/,
  );
  fails(
    () => read(pki.rsa1024.cert),
    leaf,
    "public key",
    /RSA key of 1024 bits is too small/,
  );
});

Deno.test("a leaf that is itself a CA certificate but not a code signer is refused by its usage", () => {
  // The intermediate as a leaf: keyUsage without digitalSignature.
  fails(
    () => chain(intermediate, []),
    "CN=Test Intermediate, O=example",
    "key usage",
    /lacks digitalSignature/,
  );
});

Deno.test("certificate PEM input is strict", () => {
  assert.throws(
    () => parseCertificatesPem(Deno.readTextFileSync(pki.build.key)),
    /PEM block 1 is "PRIVATE KEY", not "CERTIFICATE"/,
  );
  assert.throws(() => parseCertificatesPem("nothing"), /no complete PEM block/);
  assert.throws(
    () =>
      parseCertificatesPem(
        "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
      ),
    /malformed DER/,
  );
  const two = Deno.readTextFileSync(pki.build.cert) +
    Deno.readTextFileSync(pki.intermediate.cert);
  assert.equal(parseCertificatesPem(two).length, 2);
});

Deno.test("SPIFFE IDs are checked against the SPIFFE ID specification", () => {
  for (
    const good of [
      "spiffe://example.org",
      "spiffe://example.org/ns/prod/sa/web",
      "spiffe://a-b_c.d/P.a-t_h",
    ]
  ) {
    assert.equal(spiffeIdProblem(good), undefined, good);
  }
  for (
    const [bad, problem] of [
      ["spiffe://Example.org/a", /trust domain/],
      ["spiffe://example.org:8080/a", /trust domain/],
      ["spiffe://user@example.org/a", /trust domain/],
      ["spiffe:///a", /trust domain/],
      ["spiffe://example.org/a/", /path/],
      ["spiffe://example.org/a//b", /path/],
      ["spiffe://example.org/a?x=1", /path/],
      ["spiffe://example.org/a#f", /path/],
      ["spiffe://example.org/a/../b", /"\." or "\.\." segment/],
      ["SPIFFE://example.org/a", /scheme/],
    ] as const
  ) {
    assert.match(spiffeIdProblem(bad) ?? "", problem, bad);
  }
});
