// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { join } from "node:path";
import { loggedVerifiers } from "../../lib/verify/sigstore/logged_key.ts";
import { ROOT } from "../_helpers.ts";

const DATA = join(ROOT, "testdata", "sigstore");

async function entryAndLeaf(path: string) {
  const bundle = JSON.parse(await Deno.readTextFile(join(DATA, path)));
  const material = bundle.verificationMaterial;
  const body = JSON.parse(
    Buffer.from(material.tlogEntries[0].canonicalizedBody, "base64")
      .toString(),
  );
  const leaf = material.certificate ?? material.x509CertificateChain
    ?.certificates[0];
  return { body, leaf: leaf && Buffer.from(leaf.rawBytes, "base64") };
}

Deno.test("loggedVerifiers reads the certificate of each Rekor v1 kind", async () => {
  for (
    const path of [
      "github/sigstore-js-2.1.0-bundle.json", // intoto 0.0.2
      "github/reusable-workflow-attestation.sigstore.json", // dsse 0.0.1
      "conformance/happy-path-v0.3/bundle.sigstore.json", // hashedrekord 0.0.1
    ]
  ) {
    const { body, leaf } = await entryAndLeaf(path);
    const logged = loggedVerifiers(body);
    assert.equal(logged?.length, 1, path);
    assert.equal(logged[0]!.label, "CERTIFICATE", path);
    assert.ok(Buffer.from(logged[0]!.der).equals(leaf), path);
  }
});

Deno.test("loggedVerifiers reads a logged key, and nothing for other kinds", async () => {
  const { body } = await entryAndLeaf(
    "conformance/managed-key-happy-path/bundle.sigstore.json",
  );
  assert.equal(loggedVerifiers(body)?.[0]?.label, "PUBLIC KEY");
  assert.equal(
    loggedVerifiers({ kind: "hashedrekord", apiVersion: "0.0.2" }),
    undefined,
  );
  const broken = loggedVerifiers({
    kind: "hashedrekord",
    apiVersion: "0.0.1",
    spec: { signature: { publicKey: { content: btoa("not a pem") } } },
  });
  assert.deepEqual(broken, [{ label: "", der: new Uint8Array() }]);
});
