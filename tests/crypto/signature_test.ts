// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { isIntotoError } from "../../lib/errors.ts";
import {
  encodeDer,
  encodeInteger,
  encodeSequence,
  readSequence,
  TAG,
} from "../../lib/crypto/der.ts";
import type { PublicKey } from "../../lib/crypto/key.ts";
import { loadSigner } from "../../lib/crypto/load.ts";
import { decodePem, encodePem } from "../../lib/crypto/pem.ts";
import {
  curveOrder,
  parsePkcs8,
  parseRsaPrivate,
  type PrivateKeyInfo,
} from "../../lib/crypto/pkcs.ts";
import { createSigner, verifySignature } from "../../lib/crypto/signature.ts";
import { FIXTURES, python } from "../_helpers.ts";

const DATA = new TextEncoder().encode('{"signed":"caf\u00e9 \u{1F600}\n"}');
const HEX_DATA = Buffer.from(DATA).toString("hex");

const RSA_SCHEMES = [224, 256, 384, 512].flatMap((bits) => [
  `rsassa-pss-sha${bits}`,
  `rsa-pkcs1v15-sha${bits}`,
]);

function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, "hex"));
}

async function alicePrivate(): Promise<PrivateKeyInfo> {
  const pem = await Deno.readTextFile(join(FIXTURES, "demo_files/alice"));
  return parseRsaPrivate(decodePem(pem).der);
}

function ecPrivate(curve: "P-384" | "P-521"): PrivateKeyInfo {
  const { privateKey } = generateKeyPairSync("ec", { namedCurve: curve });
  return parsePkcs8(
    new Uint8Array(privateKey.export({ format: "der", type: "pkcs8" })),
  );
}

function keyFor(info: PrivateKeyInfo, scheme: string): PublicKey {
  const publicKey = info.publicKey;
  return {
    keyid: "",
    keytype: publicKey.type,
    scheme,
    keyval: {
      public: publicKey.type === "ed25519"
        ? toHex(publicKey.raw!)
        : encodePem("PUBLIC KEY", publicKey.spki),
    },
  };
}

Deno.test("verifySignature() accepts what securesystemslib and pyca/cryptography sign, for every scheme", async () => {
  const result = await python(`
import json
from securesystemslib import interface, keys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding
F = ${JSON.stringify(FIXTURES)}
data = bytes.fromhex(${JSON.stringify(HEX_DATA)})
out = []
def add(key, sig):
    out.append({"key": {"keytype": key["keytype"], "scheme": key["scheme"], "keyval": {"public": key["keyval"]["public"]}}, "sig": sig})
for scheme in ${JSON.stringify(RSA_SCHEMES)}:
    key = interface.import_rsa_privatekey_from_file(F + "/demo_files/alice", scheme=scheme)
    add(key, keys.create_signature(key, data)["sig"])
key = keys.import_ecdsakey_from_private_pem(open(F + "/pems/ecdsa_private_unencrypted.pem").read())
add(key, keys.create_signature(key, data)["sig"])
key = interface.import_ed25519_privatekey_from_file(F + "/demo_files/danny")
add(key, keys.create_signature(key, data)["sig"])
for curve, hash, scheme in [(ec.SECP384R1(), hashes.SHA384(), "ecdsa-sha2-nistp384"), (ec.SECP521R1(), hashes.SHA512(), "ecdsa-sha2-nistp521")]:
    private = ec.generate_private_key(curve)
    pem = private.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    add({"keytype": "ecdsa", "scheme": scheme, "keyval": {"public": pem}}, private.sign(data, ec.ECDSA(hash)).hex())
alice = serialization.load_pem_private_key(open(F + "/demo_files/alice", "rb").read(), None)
pem = alice.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
for salt in [padding.PSS.MAX_LENGTH, 0, 20]:
    sig = alice.sign(data, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=salt), hashes.SHA256())
    add({"keytype": "rsa", "scheme": "rsassa-pss-sha256", "keyval": {"public": pem}}, sig.hex())
print(json.dumps(out))
`);
  assert.equal(result.code, 0, result.stderr);
  const cases: { key: Omit<PublicKey, "keyid">; sig: string }[] = JSON.parse(
    result.stdout,
  );
  assert.equal(cases.length, 15);
  for (const { key, sig } of cases) {
    const publicKey = { keyid: "", ...key };
    const signature = fromHex(sig);
    assert.ok(await verifySignature(publicKey, signature, DATA), key.scheme);
    const tampered = DATA.slice();
    tampered[0]! ^= 1;
    assert.ok(!await verifySignature(publicKey, signature, tampered));
    const flipped = signature.slice();
    flipped[flipped.length - 1]! ^= 1;
    assert.ok(!await verifySignature(publicKey, flipped, DATA), key.scheme);
  }
});

Deno.test("verifySignature() results match securesystemslib for signatures we make, for every scheme", async () => {
  const alice = await alicePrivate();
  const signers = [
    ...RSA_SCHEMES.map((scheme) => ({ info: alice, scheme })),
    {
      info: await loadPrivate("pems/ecdsa_private_unencrypted.pem"),
      scheme: "ecdsa-sha2-nistp256",
    },
    { info: ecPrivate("P-384"), scheme: "ecdsa-sha2-nistp384" },
    { info: ecPrivate("P-521"), scheme: "ecdsa-sha2-nistp521" },
    {
      info: await loadPrivate("pems/ed25519_private_unencrypted.pem"),
      scheme: "ed25519",
    },
  ];
  const cases = [];
  for (const { info, scheme } of signers) {
    const key = keyFor(info, scheme);
    const signer = await createSigner(info, key);
    const signature = await signer.sign(DATA);
    assert.ok(await verifySignature(key, signature, DATA), scheme);
    cases.push({
      key: { ...key, keyid: "0".repeat(64) },
      sig: toHex(signature),
    });
  }
  const result = await python(
    `
import json, sys
from securesystemslib import keys
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
data = bytes.fromhex(${JSON.stringify(HEX_DATA)})
results = []
for case in json.loads(sys.stdin.read()):
    key = case["key"]
    if key["scheme"] == "ecdsa-sha2-nistp521":
        public = serialization.load_pem_public_key(key["keyval"]["public"].encode())
        try:
            public.verify(bytes.fromhex(case["sig"]), data, ec.ECDSA(hashes.SHA512()))
            results.append(True)
        except Exception:
            results.append(False)
    else:
        results.append(keys.verify_signature(key, {"keyid": key["keyid"], "sig": case["sig"]}, data))
print(json.dumps(results))
`,
    { stdin: JSON.stringify(cases) },
  );
  assert.equal(result.code, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), cases.map(() => true));
});

async function loadPrivate(file: string): Promise<PrivateKeyInfo> {
  const pem = await Deno.readTextFile(join(FIXTURES, file));
  return parsePkcs8(decodePem(pem).der);
}

Deno.test("verifySignature() parses ECDSA DER strictly and accepts high S like the reference", async () => {
  const info = await loadPrivate("pems/ecdsa_private_unencrypted.pem");
  const key = keyFor(info, "ecdsa-sha2-nistp256");
  const signature = await (await createSigner(info, key)).sign(DATA);
  const reader = readSequence(signature);
  const r = reader.integer();
  const s = reader.integer();
  const n = curveOrder("P-256");
  const integer = (value: bigint) =>
    encodeInteger(
      fromHex(value.toString(16).padStart(2, "0").replace(/^(.(..)*)$/, "0$1")),
    );
  const der = (a: bigint, b: bigint) => encodeSequence(integer(a), integer(b));
  assert.deepEqual(der(r, s), signature);
  const highS = der(r, n - s);
  assert.ok(await verifySignature(key, highS, DATA), "high S");
  const rBytes = readSequence(signature).expect(TAG.integer, "r");
  const padded = encodeSequence(
    encodeDer(TAG.integer, new Uint8Array([0]), rBytes),
    integer(s),
  );
  const longLength = new Uint8Array([
    0x30,
    0x81,
    signature[1]!,
    ...signature.subarray(2),
  ]);
  const bad: Record<string, Uint8Array> = {
    "non-minimal integer": padded,
    "long-form length": longLength,
    "trailing byte": new Uint8Array([...signature, 0]),
    "r = 0": der(0n, s),
    "s = 0": der(r, 0n),
    "s = n": der(r, n),
    "s = n + s": der(r, n + s),
    "r = n + r": der(n + r, s),
    "negative s": encodeSequence(
      integer(r),
      encodeDer(TAG.integer, new Uint8Array([0xff])),
    ),
    "raw r||s": new Uint8Array([...rBytes.slice(-32), ...new Uint8Array(32)]),
    empty: new Uint8Array(0),
    "truncated": signature.subarray(0, signature.length - 1),
  };
  for (const [name, bytes] of Object.entries(bad)) {
    assert.equal(await verifySignature(key, bytes, DATA), false, name);
  }
  const result = await python(`
from securesystemslib import keys
import json
key = json.loads(${
    JSON.stringify(JSON.stringify({ ...key, keyid: "0".repeat(64) }))
  })
data = bytes.fromhex(${JSON.stringify(HEX_DATA)})
print(keys.verify_signature(key, {"keyid": key["keyid"], "sig": ${
    JSON.stringify(toHex(highS))
  }}, data))
`);
  assert.equal(
    result.stdout.trim(),
    "True",
    "the reference accepts high S too",
  );
});

Deno.test("verifySignature() rejects Ed25519 signatures with S >= L", async () => {
  const signer = await loadSigner(join(FIXTURES, "demo_files/danny"));
  const signature = await signer.sign(DATA);
  assert.ok(await verifySignature(signer.publicKey, signature, DATA));
  const L = 2n ** 252n + 27742317777372353535851937790883648493n;
  let S = 0n;
  for (let i = 63; i >= 32; i--) S = (S << 8n) | BigInt(signature[i]!);
  const malleated = signature.slice();
  let value = S + L;
  for (let i = 32; i < 64; i++) {
    malleated[i] = Number(value & 0xffn);
    value >>= 8n;
  }
  assert.equal(await verifySignature(signer.publicKey, malleated, DATA), false);
  assert.equal(
    await verifySignature(signer.publicKey, signature.subarray(0, 63), DATA),
    false,
  );
});

Deno.test("verifySignature() refuses RSA keys under 2048 bits and unusable keys", async () => {
  const { publicKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
  const pem = publicKey.export({ format: "pem", type: "spki" }).toString();
  const small: PublicKey = {
    keyid: "",
    keytype: "rsa",
    scheme: "rsassa-pss-sha256",
    keyval: { public: pem },
  };
  await assert.rejects(
    verifySignature(small, new Uint8Array(128), DATA),
    (error) =>
      isIntotoError(error, "INVALID_KEY") &&
      /1024 bits is too small/.test(error.message),
  );
  const alice = await loadSigner(join(FIXTURES, "demo_files/alice"));
  const unusable: [string, PublicKey, RegExp][] = [
    [
      "unknown scheme",
      { ...alice.publicKey, scheme: "rsassa-pss-md5" },
      /unsupported signature scheme/,
    ],
    [
      "keytype mismatch",
      { ...alice.publicKey, keytype: "ecdsa" },
      /does not fit/,
    ],
    ["garbage PEM", { ...alice.publicKey, keyval: { public: "xyz" } }, /PEM/],
    ["ed25519 not hex", {
      keyid: "",
      keytype: "ed25519",
      scheme: "ed25519",
      keyval: { public: "zz".repeat(32) },
    }, /hex/],
  ];
  for (const [name, key, pattern] of unusable) {
    await assert.rejects(
      verifySignature(key, new Uint8Array(64), DATA),
      (error) =>
        isIntotoError(error, "INVALID_KEY") && pattern.test(error.message),
      name,
    );
  }
  const p384 = await loadSigner(
    join(FIXTURES, "pems/ecdsa_private_unencrypted.pem"),
  );
  await assert.rejects(
    verifySignature(
      { ...p384.publicKey, scheme: "ecdsa-sha2-nistp384" },
      new Uint8Array(8),
      DATA,
    ),
    /needs a P-384 key, not P-256/,
  );
  const signature = await alice.sign(DATA);
  assert.equal(
    await verifySignature(alice.publicKey, signature.subarray(1), DATA),
    false,
  );
});
