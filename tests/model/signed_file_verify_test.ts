// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Signed files read: parseSignedFile() detects the format and refuses
 * anything else, readSignedFile() keeps to its size bound, and
 * verifiedKeys() counts the distinct keys whose signature covers exactly
 * the bytes received.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { isIntotoError } from "../../lib/errors.ts";
import { encodeBase64, pae } from "../../lib/model/dsse.ts";
import {
  formatSignedFile,
  MAX_SIGNATURES,
  parseSignedFile,
  readSignedFile,
  signPayload,
  verifiedKeys,
} from "../../lib/model/signed_file.ts";
import type { PublicKey } from "../../lib/crypto/key.ts";
import {
  alice,
  bob,
  carl,
  danny,
  DEMO,
  DSSE,
  layoutPayload,
  parse,
  rejects,
  utf8,
} from "./_signed_file.ts";

Deno.test("verifiedKeys() verifies the reference's metablock and DSSE links", async () => {
  for (const dir of [DEMO, DSSE]) {
    const writeCode = await readSignedFile(
      join(dir, "write-code.776a00e2.link"),
    );
    const pack = await readSignedFile(join(dir, "package.2f89b927.link"));
    assert.deepEqual(await verifiedKeys(writeCode, [alice, carl, bob]), [bob]);
    assert.deepEqual(await verifiedKeys(pack, [bob, carl]), [carl]);
    assert.deepEqual(await verifiedKeys(pack, [alice, bob]), []);
    assert.deepEqual(await verifiedKeys(pack, []), []);
  }
  const dsse = await readSignedFile(join(DSSE, "write-code.776a00e2.link"));
  assert.equal(dsse.format, "dsse");
  assert.equal(dsse.payloadType, "application/vnd.in-toto+json");
  assert.equal(dsse.payload.name, "write-code");
  assert.deepEqual(
    dsse.signedBytes,
    pae(dsse.payloadType!, dsse.payloadBytes!),
  );
});

Deno.test("verifiedKeys() counts distinct keys, never keyids or repeated signatures", async () => {
  const payload = await layoutPayload();
  for (const format of ["metablock", "dsse"] as const) {
    const file = await signPayload(payload, [danny], { format });
    const signature = file.signatures[0]!;
    const key = danny.publicKey;
    const copy: PublicKey = { ...key, keyid: "ff".repeat(32) };
    const twice = { ...file, signatures: [signature, { ...signature }] };
    assert.deepEqual(await verifiedKeys(twice, [key]), [key]);
    assert.deepEqual(await verifiedKeys(twice, [key, copy]), [key]);
    assert.deepEqual(await verifiedKeys(twice, [copy, key]), [copy]);
    // The keyid is a hint only: empty or wrong, the signature counts for
    // the key that verifies it, and for no other.
    const empty = { ...file, signatures: [{ keyid: "", sig: signature.sig }] };
    assert.deepEqual(await verifiedKeys(empty, [key]), [key]);
    const wrong = {
      ...file,
      signatures: [{ keyid: alice.keyid, sig: signature.sig }],
    };
    assert.deepEqual(await verifiedKeys(wrong, [alice, key]), [key]);
    // A flipped bit fails.
    const flipped = signature.sig.slice();
    flipped[0]! ^= 1;
    assert.deepEqual(
      await verifiedKeys({
        ...file,
        signatures: [{ ...signature, sig: flipped }],
      }, [key]),
      [],
    );
  }
});

Deno.test("verifiedKeys() checks exactly the received bytes: tampering and extra fields fail", async () => {
  const payload = await layoutPayload();
  const signed = JSON.parse(
    formatSignedFile(
      await signPayload(payload, [danny], { format: "metablock" }),
    ),
  );
  const key = danny.publicKey;
  assert.deepEqual(await verifiedKeys(parse(signed), [key]), [key]);
  for (
    const edit of [
      (s: Record<string, unknown>) => s.readme = "other",
      (s: Record<string, unknown>) => s.Products = {},
      (s: Record<string, unknown>) => s.extra = 1,
    ]
  ) {
    const copy = structuredClone(signed);
    edit(copy.signed);
    assert.deepEqual(await verifiedKeys(parse(copy), [key]), []);
  }
});

Deno.test("verifiedKeys() requires the DSSE signature over the PAE with the exact payloadType", async () => {
  const file = await signPayload(await layoutPayload(), [danny], {
    format: "dsse",
  });
  const key = danny.publicKey;
  const envelope = JSON.parse(formatSignedFile(file));
  // A changed payloadType is refused when parsed, and fails to verify.
  rejects(
    { ...envelope, payloadType: "application/json" },
    "INVALID_METADATA",
    /payloadType must be "application\/vnd\.in-toto\+json"/,
  );
  const retyped = {
    ...file,
    signedBytes: pae("application/vnd.in-toto+jsonx", file.payloadBytes!),
  };
  assert.deepEqual(await verifiedKeys(retyped, [key]), []);
  // A signature over the raw payload, not the PAE, fails.
  const raw = await danny.sign(file.payloadBytes!);
  const overRaw = parse({
    ...envelope,
    signatures: [{ keyid: key.keyid, sig: encodeBase64(raw) }],
  });
  assert.deepEqual(await verifiedKeys(overRaw, [key]), []);
  // URL-safe, unpadded base64 is read too.
  const urlSafe = parse({
    ...envelope,
    payload: envelope.payload.replaceAll("+", "-").replaceAll("/", "_").replace(
      /=+$/,
      "",
    ),
    signatures: [{
      keyid: "",
      sig: envelope.signatures[0].sig.replaceAll("+", "-").replaceAll("/", "_")
        .replace(/=+$/, ""),
    }],
  });
  assert.deepEqual(await verifiedKeys(urlSafe, [key]), [key]);
});

Deno.test("parseSignedFile() detects the format and rejects everything else", () => {
  const signed = { _type: "link", name: "x" };
  for (
    const value of [{}, [], "x", null, { signed }, { signatures: [] }, {
      payload: "e30=",
    }]
  ) {
    rejects(
      value,
      "INVALID_METADATA",
      /^Cannot load "x\.link": not signed in-toto metadata/,
    );
  }
  rejects(
    { signed, signatures: [], payload: "e30=" },
    "INVALID_METADATA",
    /not signed in-toto metadata/,
  );
  rejects(
    { signed: [], signatures: [] },
    "INVALID_METADATA",
    /^Invalid metablock "x\.link" at signed: expected an object/,
  );
  rejects(
    { signed, signatures: {} },
    "INVALID_METADATA",
    /at signatures: expected an array/,
  );
  rejects(
    { signed, signatures: [{ keyid: "a", sig: "abc" }] },
    "INVALID_METADATA",
    /at signatures\[0\]\.sig: expected the signature in hex/,
  );
  rejects(
    { signed, signatures: [{ keyid: "a", sig: "zz" }] },
    "INVALID_METADATA",
    /expected the signature in hex/,
  );
  rejects(
    { signed, signatures: [{ keyid: 1, sig: "ab" }] },
    "INVALID_METADATA",
    /at signatures\[0\]\.keyid: expected a string/,
  );
  const gpg = parse({
    signed,
    signatures: [{ keyid: "a", signature: "ab", other_headers: "CD" }],
  });
  assert.deepEqual(gpg.signatures[0], {
    keyid: "a",
    sig: new Uint8Array([0xab]),
    otherHeaders: new Uint8Array([0xcd]),
  });
  rejects(
    {
      signed,
      signatures: [{ keyid: "a", signature: "ab", other_headers: "x" }],
    },
    "INVALID_METADATA",
    /other_headers: expected the headers in hex/,
  );
  const upper = parse({ signed, signatures: [{ keyid: "", sig: "ABcd" }] });
  assert.deepEqual(upper.signatures[0]!.sig, new Uint8Array([0xab, 0xcd]));
  const many = Array.from(
    { length: MAX_SIGNATURES + 1 },
    () => ({ keyid: "", sig: "ab" }),
  );
  rejects(
    { signed, signatures: many },
    "LIMIT_EXCEEDED",
    /257 signatures, more than the limit of 256/,
  );
  rejects(
    {
      payload: "e30=",
      payloadType: "application/vnd.in-toto+json",
      signatures: many,
    },
    "LIMIT_EXCEEDED",
    /more than the limit/,
  );
  assert.equal(
    parse({ signed, signatures: many.slice(1) }).signatures.length,
    MAX_SIGNATURES,
  );
  const type = "application/vnd.in-toto+json";
  rejects(
    {
      payload: encodeBase64(utf8("not json")),
      payloadType: type,
      signatures: [],
    },
    "INVALID_METADATA",
    /the payload is not valid JSON/,
  );
  rejects(
    {
      payload: encodeBase64(utf8('{"a":1,"a":2}')),
      payloadType: type,
      signatures: [],
    },
    "INVALID_METADATA",
    /the payload is not valid JSON: .*duplicate key "a"/,
  );
  rejects(
    {
      payload: encodeBase64(utf8('{"a":1.0}')),
      payloadType: type,
      signatures: [],
    },
    "INVALID_METADATA",
    /not valid JSON/,
  );
  rejects(
    { payload: encodeBase64(utf8("[1]")), payloadType: type, signatures: [] },
    "INVALID_METADATA",
    /the payload must be a JSON object, not an array/,
  );
  rejects(
    {
      payload: encodeBase64(new Uint8Array([0x7b, 0xff, 0x7d])),
      payloadType: type,
      signatures: [],
    },
    "INVALID_METADATA",
    /not valid UTF-8/,
  );
  assert.throws(
    () => parseSignedFile(utf8('{"signed": {}, "signatures": [], }'), "x"),
    { code: "INVALID_JSON" },
  );
});

Deno.test("readSignedFile() reads within the size bound and refuses past it", async () => {
  const path = join(DEMO, "demo.layout.template");
  const size = (await Deno.stat(path)).size;
  const file = await readSignedFile(path, { maxBytes: size });
  assert.equal(file.payload._type, "layout");
  await assert.rejects(
    readSignedFile(path, { maxBytes: size - 1 }),
    (error) => isIntotoError(error, "LIMIT_EXCEEDED"),
  );
});
