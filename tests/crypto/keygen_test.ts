// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { isIntotoError } from "../../lib/errors.ts";
import { keyidsOf } from "../../lib/crypto/keyid.ts";
import { generateKeyPair } from "../../lib/crypto/keygen.ts";
import { loadPublicKey, loadSigner } from "../../lib/crypto/load.ts";
import { verifySignature } from "../../lib/crypto/signature.ts";
import { python, reference, tempDir } from "../_helpers.ts";

Deno.test("generateKeyPair() writes keys we load, with and without password", async () => {
  const dir = await tempDir();
  for (const type of ["ed25519", "ecdsa", "rsa"] as const) {
    for (const password of [undefined, "pw \u00e9"]) {
      const pair = await generateKeyPair(type, {
        bits: 2048,
        ...(password === undefined ? {} : { password }),
      });
      assert.match(
        pair.privatePem,
        password === undefined
          ? /^-----BEGIN PRIVATE KEY-----\n/
          : /^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/,
      );
      const path = join(dir, `${type}${password ? "_pw" : ""}`);
      await Deno.writeTextFile(path, pair.privatePem);
      await Deno.writeTextFile(`${path}.pub`, pair.publicPem);
      const signer = await loadSigner(path, {
        ...(password === undefined ? {} : { password }),
      });
      const publicKey = await loadPublicKey(`${path}.pub`);
      assert.deepEqual(signer.publicKey, publicKey);
      const data = new TextEncoder().encode(type);
      assert.ok(
        await verifySignature(publicKey, await signer.sign(data), data),
      );
    }
  }
  await Deno.remove(dir, { recursive: true });
});

Deno.test("generateKeyPair() keys load in pyca/cryptography with the same modern keyid, and RSA ones in in-toto 1.3.1 with the same legacy keyid", async () => {
  const dir = await tempDir();
  const expected: Record<string, { legacy: string; modern: string }> = {};
  for (const type of ["ed25519", "ecdsa", "rsa"] as const) {
    const pair = await generateKeyPair(type, {
      bits: 2048,
      password: "hunter2",
    });
    await Deno.writeTextFile(join(dir, type), pair.privatePem);
    await Deno.writeTextFile(join(dir, `${type}.pub`), pair.publicPem);
    expected[type] = keyidsOf(await loadPublicKey(join(dir, `${type}.pub`)));
  }
  const result = await python(`
import hashlib, json
from cryptography.hazmat.primitives import serialization
from securesystemslib import interface
from securesystemslib.formats import encode_canonical
d = ${JSON.stringify(dir)}
def keyid(keytype, scheme, public):
    return hashlib.sha256(encode_canonical({"keytype": keytype, "scheme": scheme, "keyval": {"public": public}}).encode()).hexdigest()
out = {}
for t, scheme in [("ed25519", "ed25519"), ("ecdsa", "ecdsa-sha2-nistp256"), ("rsa", "rsassa-pss-sha256")]:
    private = serialization.load_pem_private_key(open(d + "/" + t, "rb").read(), b"hunter2")
    public = private.public_key()
    if t == "ed25519":
        material = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw).hex()
    else:
        material = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    out[t] = keyid(t, scheme, material)
out["rsa_legacy"] = interface.import_rsa_privatekey_from_file(d + "/rsa", password="hunter2")["keyid"]
print(json.dumps(out))
`);
  assert.equal(result.code, 0, result.stderr);
  const keyids = JSON.parse(result.stdout);
  for (const type of ["ed25519", "ecdsa", "rsa"]) {
    assert.equal(keyids[type], expected[type]!.modern, type);
  }
  assert.equal(keyids.rsa_legacy, expected.rsa!.legacy);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("generateKeyPair() RSA keys sign links with in-toto-sign 1.3.1 that it verifies with our public key", async () => {
  const dir = await tempDir("demo_files/write-code.776a00e2.link");
  const pair = await generateKeyPair("rsa", { bits: 2048 });
  await Deno.writeTextFile(join(dir, "key"), pair.privatePem);
  await Deno.writeTextFile(join(dir, "key.pub"), pair.publicPem);
  const signed = await reference(
    "in-toto-sign",
    ["-f", "write-code.776a00e2.link", "-k", "key", "-o", "out.link"],
    { cwd: dir },
  );
  assert.equal(signed.code, 0, signed.stderr);
  const verified = await reference(
    "in-toto-sign",
    ["-f", "out.link", "-k", "key.pub", "--verify"],
    { cwd: dir },
  );
  assert.equal(verified.code, 0, verified.stderr);
  const link = JSON.parse(await Deno.readTextFile(join(dir, "out.link")));
  const legacy = await loadPublicKey(join(dir, "key.pub"), {
    flavour: "legacy",
  });
  assert.equal(link.signatures[0].keyid, legacy.keyid);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("generateKeyPair() refuses small RSA keys and empty passwords", async () => {
  await assert.rejects(
    generateKeyPair("rsa", { bits: 1024 }),
    (error) => isIntotoError(error, "USAGE") && /1024 bits/.test(error.message),
  );
  await assert.rejects(
    generateKeyPair("ed25519", { password: "" }),
    (error) => isIntotoError(error, "USAGE"),
  );
});
