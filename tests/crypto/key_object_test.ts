// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { join } from "node:path";
import { isIntotoError } from "../../lib/errors.ts";
import type { JsonObject, JsonValue } from "../../lib/json/parse.ts";
import { parseJson } from "../../lib/json/parse.ts";
import { DerReader, encodeOid } from "../../lib/crypto/der.ts";
import { computeKeyid, keyidsOf } from "../../lib/crypto/keyid.ts";
import { loadPublicKey, parsePublicKeyObject } from "../../lib/crypto/load.ts";
import { FIXTURES } from "../_helpers.ts";

const WHERE = 'layout "root.layout" at keys.k';

async function layoutKeys(): Promise<JsonObject> {
  const layout = parseJson(
    await Deno.readFile(join(FIXTURES, "demo_files/demo.layout.template")),
  ) as JsonObject;
  return (layout.signed as JsonObject).keys as JsonObject;
}

Deno.test("parsePublicKeyObject() accepts the keys of the reference's layout, legacy and modern", async () => {
  for (const [keyid, value] of Object.entries(await layoutKeys())) {
    const key = parsePublicKeyObject(value, WHERE);
    assert.equal(key.keyid, keyid);
    assert.equal(computeKeyid(key, "legacy"), keyid);
    assert.equal(Object.hasOwn(key.keyval, "private"), false);
  }
  for (const file of ["demo_files/alice.pub", "pems/ecdsa_public.pem"]) {
    for (const flavour of ["legacy", "modern"] as const) {
      const key = await loadPublicKey(join(FIXTURES, file), { flavour });
      assert.deepEqual(
        parsePublicKeyObject(key as unknown as JsonValue, WHERE),
        key,
      );
    }
  }
  const json = await loadPublicKey(join(FIXTURES, "demo_files/danny.pub"));
  assert.equal(
    parsePublicKeyObject(json as unknown as JsonValue, WHERE).keyid,
    "36a5529f72cf3b1cc096a28887350969212f9d6c46529658ab186fc0cb781699",
  );
});

Deno.test("parsePublicKeyObject() rejects malformed keys and keyids that are not the key's hash", async () => {
  const [keyid, raw] = Object.entries(await layoutKeys())[0]!;
  const good = raw as JsonObject;
  const keyval = good.keyval as JsonObject;
  const small = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey
    .export({ format: "pem", type: "spki" }).toString();
  const smallKey = {
    keytype: "rsa",
    scheme: "rsassa-pss-sha256",
    keyval: { public: small },
  };
  const cases: [string, JsonValue, RegExp][] = [
    ["not an object", "key", /expected a key object, got a string/],
    ["array", [], /got an array/],
    [
      "S1: arbitrary keyid",
      { ...good, keyid: "f".repeat(64) },
      /is not the hash of the key/,
    ],
    ["keyid of another key", {
      ...good,
      keyid: keyidsOf({ ...smallKey }).modern,
    }, /is not the hash/],
    [
      "uppercase keyid",
      { ...good, keyid: keyid.toUpperCase() },
      /64 lowercase hex/,
    ],
    [
      "missing keyid",
      { ...good, keyid: undefined as unknown as string },
      /at keyid: expected a non-empty string, got nothing/,
    ],
    [
      "numeric keytype",
      { ...good, keytype: 1 },
      /at keytype: expected a non-empty string, got a number/,
    ],
    [
      "unknown scheme",
      { ...good, scheme: "rsassa-pss-sha1" },
      /unsupported signature scheme "rsassa-pss-sha1"/,
    ],
    [
      "scheme of another type",
      { ...good, scheme: "ed25519" },
      /does not fit keytype/,
    ],
    [
      "keyval array",
      { ...good, keyval: [] },
      /at keyval: expected an object, got an array/,
    ],
    [
      "private key",
      { ...good, keyval: { ...keyval, private: "secret" } },
      /must not carry a private key/,
    ],
    ["unknown field", { ...good, extra: 1 }, /unknown key field "extra"/],
    [
      "bad hash algorithms",
      { ...good, keyid_hash_algorithms: "sha256" },
      /expected an array of strings/,
    ],
    ["garbage PEM", {
      ...good,
      keyval: {
        public: "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
      },
    }, /malformed DER/],
    [
      "RSA 1024",
      { ...smallKey, keyid: keyidsOf(smallKey).modern },
      /1024 bits is too small/,
    ],
    ["ed25519 short", {
      keyid,
      keytype: "ed25519",
      scheme: "ed25519",
      keyval: { public: "00" },
    }, /64 lowercase hex/],
  ];
  for (const [name, value, pattern] of cases) {
    const object = JSON.parse(JSON.stringify(value));
    assert.throws(
      () => parsePublicKeyObject(object, WHERE),
      (error) => {
        assert.ok(
          isIntotoError(error, "INVALID_METADATA"),
          `${name}: ${error}`,
        );
        assert.match(error.message, pattern, name);
        assert.ok(error.message.startsWith(`Invalid ${WHERE}`), error.message);
        return true;
      },
    );
  }
});

Deno.test("DerReader rejects non-DER encodings", () => {
  const cases: [string, number[]][] = [
    ["indefinite length", [0x30, 0x80, 0, 0]],
    ["non-minimal long length", [0x04, 0x81, 0x01, 0x00]],
    ["leading zero in length", [
      0x04,
      0x82,
      0x00,
      0x81,
      ...new Array(129).fill(0),
    ]],
    ["length past the end", [0x04, 0x05, 1, 2]],
    ["non-minimal integer", [0x02, 0x02, 0x00, 0x01]],
    ["non-minimal negative integer", [0x02, 0x02, 0xff, 0x80]],
    ["empty integer", [0x02, 0x00]],
  ];
  for (const [name, bytes] of cases) {
    assert.throws(
      () => {
        const reader = new DerReader(new Uint8Array(bytes));
        const element = reader.element();
        if (element.tag === 0x02) {
          new DerReader(new Uint8Array(bytes)).integer();
        }
      },
      (error) => isIntotoError(error, "INVALID_KEY"),
      name,
    );
  }
  const oid = new DerReader(encodeOid("1.2.840.113549.1.1.1")).oid();
  assert.equal(oid, "1.2.840.113549.1.1.1");
  assert.equal(
    new DerReader(new Uint8Array([0x02, 0x01, 0xff])).integer(),
    -1n,
  );
});
