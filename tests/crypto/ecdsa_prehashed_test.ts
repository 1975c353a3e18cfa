// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { verifyPrehashedEcdsa } from "../../lib/crypto/ecdsa_prehashed.ts";

Deno.test("verifyPrehashedEcdsa checks a signature against a digest", () => {
  for (const [curve, hash] of [["P-256", "sha256"], ["P-384", "sha384"]]) {
    const { publicKey, privateKey } = generateKeyPairSync("ec", {
      namedCurve: curve!,
    });
    const message = new TextEncoder().encode("artifact bytes");
    const signature = sign(hash!, message, privateKey);
    const digest = createHash(hash!).update(message).digest();
    assert.ok(verifyPrehashedEcdsa(publicKey, digest, signature), curve);
    const other = createHash(hash!).update("other").digest();
    assert.ok(!verifyPrehashedEcdsa(publicKey, other, signature), curve);
    const bad = new Uint8Array(signature);
    bad[bad.length - 1]! ^= 1;
    assert.ok(!verifyPrehashedEcdsa(publicKey, digest, bad), curve);
  }
  const ed = generateKeyPairSync("ed25519");
  assert.ok(
    !verifyPrehashedEcdsa(ed.publicKey, new Uint8Array(32), new Uint8Array(64)),
  );
});
