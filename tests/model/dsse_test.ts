// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import {
  decodeBase64,
  encodeBase64,
  envelopeToJson,
  pae,
  parseEnvelope,
} from "../../lib/model/dsse.ts";
import { python } from "../_helpers.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const utf8 = (value: string) => new TextEncoder().encode(value);

Deno.test("pae() gives the DSSE protocol.md test vector", () => {
  assert.equal(
    text(pae("http://example.com/HelloWorld", utf8("hello world"))),
    "DSSEv1 29 http://example.com/HelloWorld 11 hello world",
  );
  assert.equal(text(pae("", new Uint8Array())), "DSSEv1 0  0 ");
});

Deno.test("pae() counts lengths in bytes, not characters", () => {
  assert.equal(
    text(pae("application/vnd.in-toto+jsoné", utf8("ü\u{1f600}"))),
    "DSSEv1 30 application/vnd.in-toto+jsoné 6 ü\u{1f600}",
  );
  const binary = new Uint8Array([0, 0xff, 0x0a]);
  assert.deepEqual(pae("t", binary).subarray(-3), binary);
});

Deno.test("pae() matches the DSSE reference formula in Python for ASCII types", async () => {
  const payload = '{"_type": "link", "name": "\\u00e9"}\n\u00e9';
  const result = await python(
    `import sys, base64
t = "application/vnd.in-toto+json"
p = ${JSON.stringify(payload)}.encode("utf-8")
sys.stdout.write(base64.b64encode(b"DSSEv1 %d %b %d %b" % (len(t), t.encode(), len(p), p)).decode())`,
  );
  assert.equal(result.code, 0, result.stderr);
  assert.equal(
    encodeBase64(pae("application/vnd.in-toto+json", utf8(payload))),
    result.stdout,
  );
});

Deno.test("decodeBase64() accepts standard and URL-safe, padded or not", () => {
  const bytes = new Uint8Array([0xfb, 0xff, 0xbf, 0x00]);
  for (const form of ["+/+/AA==", "+/+/AA", "-_-_AA==", "-_-_AA"]) {
    assert.deepEqual(decodeBase64(form), bytes, form);
  }
  assert.deepEqual(decodeBase64(""), new Uint8Array());
  assert.equal(encodeBase64(bytes), "+/+/AA==");
});

Deno.test("decodeBase64() rejects malformed base64", () => {
  for (
    const form of [
      "+/-_AA==",
      "QUJD\n",
      " QUJD",
      "QU JD",
      "Q",
      "QUJDR",
      "QQ=",
      "QQ===",
      "Q===",
      "QR==",
      "QUI=QUI=",
      "=QUI",
      "QU*D",
      "QUJD\u00e9",
    ]
  ) {
    assert.equal(decodeBase64(form), undefined, JSON.stringify(form));
  }
});

Deno.test("parseEnvelope() decodes fields and names the bad one", () => {
  const envelope = parseEnvelope({
    payload: "e30",
    payloadType: "application/vnd.in-toto+json",
    signatures: [{ keyid: "", sig: "AAEC" }, {
      keyid: "ab",
      sig: "_w==",
      extra: 1,
    }],
    other: true,
  });
  assert.equal(text(envelope.payload), "{}");
  assert.deepEqual(envelope.signatures, [
    { keyid: "", sig: new Uint8Array([0, 1, 2]) },
    { keyid: "ab", sig: new Uint8Array([0xff]) },
  ]);
  assert.deepEqual(envelopeToJson(envelope), {
    payload: "e30=",
    payloadType: "application/vnd.in-toto+json",
    signatures: [{ keyid: "", sig: "AAEC" }, { keyid: "ab", sig: "/w==" }],
  });
  const bad: [unknown, RegExp][] = [
    [[], /^Invalid DSSE envelope "e\.json": expected an object/],
    [
      { payloadType: "t", signatures: [] },
      /at payload: expected a string, got nothing/,
    ],
    [{ payload: "e30=", signatures: [] }, /at payloadType: expected a string/],
    [
      { payload: "e30=", payloadType: "", signatures: [] },
      /at payloadType: must not be empty/,
    ],
    [{ payload: "e30=", payloadType: "t" }, /at signatures: expected an array/],
    [
      { payload: "e3 0=", payloadType: "t", signatures: [] },
      /at payload: not valid base64/,
    ],
    [
      { payload: "e30=", payloadType: "t", signatures: [{ sig: "AA==" }] },
      /at signatures\[0\]\.keyid: expected a string/,
    ],
    [
      { payload: "e30=", payloadType: "t", signatures: [{ keyid: "a" }] },
      /at signatures\[0\]\.sig: expected a string/,
    ],
    [{
      payload: "e30=",
      payloadType: "t",
      signatures: [{ keyid: "a", sig: "" }],
    }, /at signatures\[0\]\.sig: is empty/],
    [{
      payload: "e30=",
      payloadType: "t",
      signatures: [{ keyid: "a", sig: "%%" }],
    }, /at signatures\[0\]\.sig: not valid base64/],
    [
      { payload: "e30=", payloadType: "t", signatures: ["AA=="] },
      /at signatures\[0\]: expected an object/,
    ],
  ];
  for (const [value, message] of bad) {
    assert.throws(
      () => parseEnvelope(value as never, { source: "e.json" }),
      (error) => {
        assert.equal((error as { code?: string }).code, "INVALID_METADATA");
        assert.match((error as Error).message, message);
        return true;
      },
    );
  }
});
