// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  CODE_SIGNING_EKU,
  KEY_USAGE,
  parseCertificate,
} from "../../lib/crypto/x509/certificate.ts";
import { execute, ROOT, tempDir } from "../_helpers.ts";

/** A self-signed certificate made by openssl with the given extensions. */
async function certificate(dir: string, extensions: string[]) {
  const path = join(dir, "cert.der");
  const result = await execute([
    "openssl",
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    join(dir, "key.pem"),
    "-subj",
    "/CN=test",
    "-days",
    "1",
    "-outform",
    "DER",
    "-out",
    path,
    ...extensions.flatMap((extension) => ["-addext", extension]),
  ]);
  assert.equal(result.code, 0, result.stderr);
  return await Deno.readFile(path);
}

Deno.test("parseCertificate reads key usage and extended key usage", async () => {
  const dir = await tempDir();
  try {
    const signing = parseCertificate(
      await certificate(dir, [
        "keyUsage=critical,digitalSignature",
        "extendedKeyUsage=codeSigning",
      ]),
    );
    assert.deepEqual([...signing.keyUsage!], [KEY_USAGE.digitalSignature]);
    assert.deepEqual(signing.extendedKeyUsage, [CODE_SIGNING_EKU]);
    const ca = parseCertificate(
      await certificate(dir, [
        "keyUsage=critical,keyCertSign",
        "extendedKeyUsage=serverAuth",
      ]),
    );
    assert.deepEqual([...ca.keyUsage!], [KEY_USAGE.keyCertSign]);
    assert.deepEqual(ca.extendedKeyUsage, ["1.3.6.1.5.5.7.3.1"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("a real Fulcio leaf may sign code", async () => {
  const bundle = JSON.parse(
    await Deno.readTextFile(
      join(ROOT, "testdata/sigstore/github/sigstore-js-2.1.0-bundle.json"),
    ),
  );
  const raw = bundle.verificationMaterial.certificate.rawBytes;
  const usage = parseCertificate(
    Uint8Array.from(atob(raw), (char) => char.charCodeAt(0)),
  );
  assert.ok(usage.keyUsage?.has(KEY_USAGE.digitalSignature));
  assert.ok(usage.extendedKeyUsage?.includes(CODE_SIGNING_EKU));
});
