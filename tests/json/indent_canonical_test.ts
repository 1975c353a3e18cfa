// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { canonicalBytes, encodeCanonical } from "../../lib/json/canonical.ts";
import { canonicalMember } from "../../lib/json/canonical_member.ts";
import { formatPythonJson, indentCanonical } from "../../lib/json/python.ts";
import type { JsonValue } from "../../lib/json/parse.ts";
import { formatSignedFile } from "../../lib/model/signed_file.ts";

/** {@linkcode indentCanonical} as text. */
function indentedText(
  ...args: Parameters<typeof indentCanonical>
): string | undefined {
  const bytes = indentCanonical(...args);
  return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
}

const PLAIN: JsonValue[] = [
  {},
  [],
  "",
  0,
  -12,
  true,
  null,
  { b: [1, "x", [], {}, [[]], { z: null }], a: { "": false, " ": -1 } },
  { 'q"uote': 'a\\b"c', "back\\slash": ["\\", '"', '\\"', "}{][,:"] },
  { "~": "printable ascii !#$%&'()*+-./0123456789;<=>?@ABC^_`xyz|~" },
  { "B": 1, "a": 2, "_type": "link", "Z": { "y": [3, [4, [5]]] } },
];

Deno.test("indentCanonical() matches formatPythonJson() for printable ASCII", () => {
  for (const value of PLAIN) {
    for (const indent of [1, 2, 4]) {
      assert.equal(
        indentedText(canonicalBytes(value), { indent }),
        formatPythonJson(value, { indent }),
      );
    }
  }
});

Deno.test("indentCanonical() indents from a depth", () => {
  const value = { a: [1, { b: "c" }] };
  const whole = formatPythonJson({ x: value }, { indent: 1 });
  const nested = indentedText(canonicalBytes(value), {
    indent: 1,
    depth: 1,
  });
  assert.equal(whole, `{\n "x": ${nested}\n}`);
});

Deno.test("indentCanonical() refuses strings outside printable ASCII", () => {
  for (const text of ["é", "a\nb", "\t", "\x7f", "\x00", "😀", "\u2028"]) {
    assert.equal(
      indentedText(canonicalBytes([text]), { indent: 1 }),
      undefined,
    );
    assert.equal(
      indentedText(canonicalBytes({ [text]: 1 }), { indent: 1 }),
      undefined,
    );
  }
});

Deno.test("formatSignedFile() writes a metablock as formatPythonJson() does", () => {
  // No signature, one, and more than the room kept for them before the
  // payload (16 KiB: 100 RSA-4096 signatures take some 110 KiB).
  const rsa = new Uint8Array(512).fill(0xab);
  for (
    const signatures of [
      [],
      [{ keyid: "ab", sig: new Uint8Array([1, 2]) }],
      Array.from({ length: 100 }, (_, i) => ({
        keyid: i.toString(16).padStart(64, "0"),
        sig: rsa,
      })),
    ]
  ) {
    for (
      const payload of [
        ...PLAIN.filter((value) =>
          typeof value === "object" && value !== null && !Array.isArray(value)
        ),
        { name: "é", n: "a\nb" },
      ]
    ) {
      const object = payload as Record<string, JsonValue>;
      const text = formatSignedFile({
        format: "metablock",
        payload: object,
        signedBytes: canonicalBytes(object),
        signatures,
      });
      assert.equal(
        text,
        formatPythonJson({
          signatures: signatures.map(({ keyid, sig }) => ({
            keyid,
            sig: sig.toHex(),
          })),
          signed: object,
        }, { indent: 1 }),
      );
    }
  }
});

/** A linear congruential generator, so failures reproduce. */
function lcg(seed: number): () => number {
  return () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
}

function randomValue(next: () => number, depth: number): JsonValue {
  const kind = Math.floor(next() * (depth > 3 ? 4 : 6));
  const text = () =>
    Array.from(
      { length: Math.floor(next() * 6) },
      () => String.fromCharCode(0x20 + Math.floor(next() * 95)),
    ).join("");
  if (kind === 0) return text();
  if (kind === 1) return Math.floor(next() * 2000) - 1000;
  if (kind === 2) return [true, false, null][Math.floor(next() * 3)]!;
  if (kind === 3) return text();
  const length = Math.floor(next() * 4);
  if (kind === 4) {
    return Array.from({ length }, () => randomValue(next, depth + 1));
  }
  const object: Record<string, JsonValue> = {};
  for (let i = 0; i < length; i++) {
    object[text()] = randomValue(next, depth + 1);
  }
  return object;
}

Deno.test("indentCanonical() matches formatPythonJson() on random values", () => {
  const next = lcg(7);
  for (let round = 0; round < 2000; round++) {
    const value = randomValue(next, 0);
    assert.equal(
      indentedText(canonicalBytes(value), { indent: 1 }),
      formatPythonJson(value, { indent: 1 }),
    );
  }
});

Deno.test("canonicalBytes() and indentCanonical() stay exact while their buffers grow", () => {
  // 20,000 entries make about 2 MB: the writer's buffer grows five times
  // from 64 KiB. Deep nesting at a wide indent outgrows indentCanonical's
  // first buffer (twice the input).
  const materials: Record<string, { sha256: string }> = {};
  for (let i = 0; i < 20_000; i++) {
    materials[`src/${i % 97}/file-${i}.c`] = {
      sha256: i.toString(16).padStart(64, "0"),
    };
  }
  let deep: JsonValue = [1];
  for (let level = 0; level < 300; level++) deep = { [`k${level}`]: [deep] };
  for (
    const [value, indent] of [[{ materials }, 1], [deep, 4]] as const
  ) {
    const bytes = canonicalBytes(value);
    assert.equal(new TextDecoder().decode(bytes), encodeCanonical(value));
    assert.equal(
      indentedText(bytes, { indent }),
      formatPythonJson(value, { indent }),
    );
  }
});

Deno.test("canonicalMember() keeps no room for the indentation it dropped", () => {
  // Its buffer is sized for the whole file; a link's canonical bytes are
  // kept until verification ends, and need no megabytes of room with them.
  const artifacts: Record<string, JsonValue> = {};
  for (let i = 0; i < 2000; i++) {
    artifacts[`f${i}`] = { sha256: "ab".repeat(32) };
  }
  const indented = indentCanonical(canonicalBytes({ signed: artifacts }), {
    indent: 1,
  })!;
  const member = canonicalMember(indented, "signed")!;
  assert.equal(member.buffer.byteLength, member.byteOffset + member.length);
  assert.deepEqual(member, canonicalBytes(artifacts));
});
