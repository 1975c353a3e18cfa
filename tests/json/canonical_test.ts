// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { canonicalBytes, encodeCanonical } from "../../lib/json/canonical.ts";
import {
  compareCodePoints,
  isInCodePointOrder,
  precedes,
  sortedKeys,
} from "../../lib/json/code_point_order.ts";
import { formatPythonJson } from "../../lib/json/python.ts";
import { type JsonValue, parseJson, setOwn } from "../../lib/json/parse.ts";
import { PYTHON } from "../_helpers.ts";
import { random } from "../rules/_random.ts";

const CHARS = [
  "a",
  "Z",
  " ",
  '"',
  "\\",
  "/",
  "\n",
  "\r",
  "\t",
  "\b",
  "\f",
  "\0",
  "\u0001",
  "\u001f",
  "\u007f",
  "\u0080",
  "é",
  "\u2028",
  "\u2029",
  "\ud7ff",
  "\ue000",
  "\ufeff",
  "\uff01",
  "\ufffd",
  "\uffff",
  "\u{10000}",
  "\u{1f600}",
  "\u{10ffff}",
];
const KEYS = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "",
  "a",
  "A",
  "_type",
  "\uff01",
  "\u{1f600}",
  "\ue000",
  "\uffff",
  "\u{10000}",
  "a\u{1f600}",
  "a\uff01",
  "Products",
  "products",
];

function generate(next: () => number, depth: number): JsonValue {
  const pick = <T>(items: readonly T[]): T =>
    items[Math.floor(next() * items.length)]!;
  const text = (): string => {
    let result = "";
    const length = Math.floor(next() * 8);
    for (let i = 0; i < length; i++) result += pick(CHARS);
    return result;
  };
  const kind = depth > 6 ? Math.floor(next() * 4) : Math.floor(next() * 6);
  switch (kind) {
    case 0:
      return pick([null, true, false]);
    case 1:
      return pick([
        0,
        -1,
        1,
        42,
        Number.MAX_SAFE_INTEGER,
        Number.MIN_SAFE_INTEGER,
        Math.floor((next() - 0.5) * 2 ** 40),
      ]);
    case 2:
    case 3:
      return text();
    case 4: {
      const length = Math.floor(next() * 5);
      return Array.from({ length }, () => generate(next, depth + 1));
    }
    default: {
      const object: Record<string, JsonValue> = {};
      const length = Math.floor(next() * 6);
      for (let i = 0; i < length; i++) {
        setOwn(
          object,
          next() < 0.6 ? pick(KEYS) : text(),
          generate(next, depth + 1),
        );
      }
      return object;
    }
  }
}

function deep(levels: number): JsonValue {
  let value: JsonValue = "\u{1f600}\n";
  for (let i = 0; i < levels; i++) {
    value = i % 2 ? [value, i] : { [`k${i}`]: value, "\uff01": i };
  }
  return value;
}

const PROGRAM = `
import json, sys
from securesystemslib.formats import encode_canonical
for line in sys.stdin:
    v = json.loads(line)
    print(json.dumps([
        encode_canonical(v),
        json.dumps(v, indent=1, separators=(",", ": "), sort_keys=True),
        json.dumps(v, sort_keys=True),
    ]))
`;

async function python(
  values: JsonValue[],
): Promise<[string, string, string][]> {
  const child = new Deno.Command(PYTHON, {
    args: ["-c", PROGRAM],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const done = child.output();
  const writer = child.stdin.getWriter();
  await writer.write(
    new TextEncoder().encode(
      values.map((value) => JSON.stringify(value)).join("\n") + "\n",
    ),
  );
  await writer.close();
  const output = await done;
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  return new TextDecoder().decode(output.stdout).trimEnd().split("\n").map(
    (line) => JSON.parse(line),
  );
}

Deno.test("encodeCanonical() and formatPythonJson() match securesystemslib and json.dumps on 3000 generated values", async () => {
  const next = random(20260101);
  const values: JsonValue[] = Array.from(
    { length: 3000 },
    () => generate(next, 0),
  );
  values.push(deep(200), { "\u{1f600}": 1, "\uff01": 2, "\ue000": 3 }, []);
  const expected = await python(values);
  assert.equal(expected.length, values.length);
  const encoder = new TextEncoder();
  values.forEach((value, index) => {
    const [canonical, indented, compact] = expected[index]!;
    const what = `value ${index}: ${JSON.stringify(value).slice(0, 200)}`;
    assert.deepEqual(canonicalBytes(value), encoder.encode(canonical), what);
    if (isObject(value)) {
      // The fast path (keys already in code point order: no sort) and the
      // plain one (keys inserted in reverse: sorted) give the same bytes.
      const keys = sortedKeys(value);
      for (const order of [keys, [...keys].reverse()]) {
        const copy: Record<string, JsonValue> = {};
        for (const key of order) setOwn(copy, key, value[key]!);
        assert.deepEqual(canonicalBytes(copy), encoder.encode(canonical), what);
      }
    }
    assert.equal(formatPythonJson(value, { indent: 1 }), indented, what);
    assert.equal(formatPythonJson(value), compact, what);
    // What we write, we read back to the same value.
    assert.deepEqual(parseJson(indented), value, what);
    assert.deepEqual(parseJson(compact), value, what);
  });
});

Deno.test("canonicalBytes() and formatPythonJson() write values of megabytes as their parts", () => {
  // Past the writer's first buffer, writing goes on in 1 MB chunks: values
  // (and single strings) that cross them must give the bytes of their parts.
  const next = random(4711);
  const items: JsonValue[] = [
    '\u00e9"\\'.repeat(400_000),
    `x${"\u{1f600}".repeat(300_000)}`,
  ];
  for (let size = 0; size < 3_000_000;) {
    const item = generate(next, 0);
    items.push(item);
    size += canonicalBytes(item).length;
  }
  const decoder = new TextDecoder();
  const parts = items.map((item) => decoder.decode(canonicalBytes(item)));
  assert.equal(decoder.decode(canonicalBytes(items)), `[${parts.join(",")}]`);
  assert.equal(encodeCanonical(items), `[${parts.join(",")}]`);
  assert.equal(
    formatPythonJson(items),
    `[${items.map((item) => formatPythonJson(item)).join(", ")}]`,
  );
});

function isObject(value: JsonValue): value is Record<string, JsonValue> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

Deno.test("encodeCanonical() gives the attack catalogue's P1 bytes", () => {
  const value = parseJson(
    '{"s":"a\\nb\\u2028\\u0000","\\uff01":1,"\\ud83d\\ude00":2}',
  );
  const expected = new Uint8Array([
    ...new TextEncoder().encode('{"s":"a'),
    0x0a,
    ...new TextEncoder().encode("b"),
    0xe2,
    0x80,
    0xa8,
    0x00,
    ...new TextEncoder().encode('","'),
    0xef,
    0xbc,
    0x81,
    ...new TextEncoder().encode('":1,"'),
    0xf0,
    0x9f,
    0x98,
    0x80,
    ...new TextEncoder().encode('":2}'),
  ]);
  assert.deepEqual(canonicalBytes(value), expected);
  // JSON.stringify would escape and sort differently: the trap P1 names.
  assert.notDeepEqual(
    canonicalBytes(value),
    new TextEncoder().encode(JSON.stringify(value)),
  );
});

Deno.test("compareCodePoints() sorts above U+FFFF after U+FF01", () => {
  assert.deepEqual(
    ["\u{1f600}", "\uff01", "\ue000", "a"].sort(compareCodePoints),
    ["a", "\ue000", "\uff01", "\u{1f600}"],
  );
  assert.ok(compareCodePoints("a", "ab") < 0);
  assert.equal(compareCodePoints("\u{1f600}", "\u{1f600}"), 0);
  assert.ok(compareCodePoints("\u{1f600}", "\u{1f601}") < 0);
});

Deno.test("isInCodePointOrder(), precedes() and sortedKeys() use code point order where UTF-16 order differs", () => {
  assert.equal(precedes("\ue000", "\u{1f600}"), true);
  assert.equal(precedes("\u{1f600}", "\ue000"), false);
  assert.equal(precedes("a", "b"), true);
  assert.equal(precedes("b", "b"), false);
  // U+E000 sorts before U+1F600 by code point, after it by UTF-16 unit.
  assert.equal(isInCodePointOrder(["a", "\ue000", "\u{1f600}"]), true);
  assert.equal(isInCodePointOrder(["a", "\u{1f600}", "\ue000"]), false);
  assert.equal(isInCodePointOrder(["a", "b", "b"]), false);
  assert.equal(isInCodePointOrder(["b", "a"]), false);
  assert.equal(isInCodePointOrder([]), true);
  const object: Record<string, number> = {};
  for (const key of ["\u{1f600}", "b", "\ue000", "a"]) object[key] = 1;
  assert.deepEqual(sortedKeys(object), ["a", "b", "\ue000", "\u{1f600}"]);
  assert.deepEqual(sortedKeys({ b: 1, a: 2 }), ["a", "b"]);
});

Deno.test("encodeCanonical() rejects what securesystemslib cannot encode", () => {
  assert.throws(() => encodeCanonical(1.5), { code: "INVALID_METADATA" });
  assert.throws(() => encodeCanonical(2 ** 53), { code: "INVALID_METADATA" });
  assert.throws(() => encodeCanonical("\ud800"), { code: "INVALID_METADATA" });
  assert.throws(() => encodeCanonical({ "\udc00": 1 }), {
    code: "INVALID_METADATA",
  });
  assert.throws(() => formatPythonJson(["\ud800"]), {
    code: "INVALID_METADATA",
  });
});
