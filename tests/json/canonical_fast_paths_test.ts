// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The fast paths of the JSON layer must never change a result: parseJson()
 * against the strict character-by-character parser, and canonicalMember()
 * against canonicalBytes(), on thousands of generated documents, including
 * the cases each fast path must refuse.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { canonicalBytes } from "../../lib/json/canonical.ts";
import { canonicalMember } from "../../lib/json/canonical_member.ts";
import { formatPythonJson } from "../../lib/json/python.ts";
import {
  isJsonObject,
  type JsonValue,
  parseJson,
  parseJsonStrict,
} from "../../lib/json/parse.ts";
import { FIXTURES } from "../_helpers.ts";
import { type Random, random } from "../rules/_random.ts";

const SCALARS = [
  '"a"',
  '"b"',
  '"\\u0061"',
  '"\\ud800"',
  '"\\udc00\\ud800"',
  '"\\ud83d\\ude00"',
  '"x\\"y"',
  '"\\\\"',
  '"\\/"',
  '"\\n"',
  '"__proto__"',
  '"é"',
  '"\u{1f600}"',
  '"\ud800"',
  "1",
  "-0",
  "0",
  "-1",
  "1.0",
  "1e2",
  "-2E-1",
  "9007199254740993",
  "9007199254740991",
  "-9007199254740992",
  "12345678901234567",
  "true",
  "false",
  "null",
  "01",
  "-",
  "tru",
];
const KEYS = [
  '"a"',
  '"b"',
  '"\\u0061"',
  '"__proto__"',
  '"1"',
  '"0"',
  '"c:d"',
  '"\\ud800"',
  '"\uff01"',
  '"\u{10000}"',
  '"x\\"y"',
];
const SPACE = ["", " ", "\n ", "\t", "\r\n", "\ufeff"];

function generateText(next: Random, depth: number): string {
  const pick = next.pick;
  const roll = next();
  if (depth > 4 || roll < 0.4) return pick(SCALARS);
  const count = Math.floor(next() * 4);
  const items: string[] = [];
  if (roll < 0.7) {
    for (let i = 0; i < count; i++) {
      items.push(pick(SPACE) + generateText(next, depth + 1) + pick(SPACE));
    }
    return `[${items.join(",")}]`;
  }
  for (let i = 0; i < count; i++) {
    items.push(
      `${pick(SPACE)}${pick(KEYS)}${pick(SPACE)}:${
        generateText(next, depth + 1)
      }`,
    );
  }
  return `{${items.join(",")}}`;
}

function outcome(
  parse: () => JsonValue,
): { value?: JsonValue; error?: string } {
  try {
    return { value: parse() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Equal values, with the same key order and -0 told from 0. */
function sameValue(a: JsonValue, b: JsonValue): boolean {
  if (typeof a !== "object" || a === null) return Object.is(a, b);
  if (typeof b !== "object" || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.join("\0") !== Object.keys(b).join("\0")) return false;
  return keys.every((key) =>
    Object.hasOwn(b, key) &&
    sameValue(
      (a as Record<string, JsonValue>)[key]!,
      (b as Record<string, JsonValue>)[key]!,
    )
  );
}

Deno.test("parseJson() agrees with parseJsonStrict() on 20000 generated documents", () => {
  const next = random(20260);
  let accepted = 0;
  for (let round = 0; round < 20_000; round++) {
    let text = generateText(next, 0);
    if (next() < 0.1) text = text.slice(0, Math.floor(next() * text.length));
    const fast = outcome(() => parseJson(text, { source: "x" }));
    const strict = outcome(() => parseJsonStrict(text, { source: "x" }));
    assert.equal(fast.error, strict.error, text);
    if (strict.error === undefined) {
      accepted++;
      assert.ok(sameValue(fast.value!, strict.value!), text);
    }
  }
  assert.ok(accepted > 5_000, `only ${accepted} valid documents`);
});

Deno.test("parseJson() agrees with parseJsonStrict() on depth limits", () => {
  for (const depth of [1, 2, 3, 255, 256, 257]) {
    for (const maxDepth of [1, 2, 3, 256]) {
      const text = "[".repeat(depth) + "]".repeat(depth);
      const fast = outcome(() => parseJson(text, { maxDepth }));
      const strict = outcome(() => parseJsonStrict(text, { maxDepth }));
      assert.deepEqual(fast, strict, `${depth} ${maxDepth}`);
    }
  }
});

function signedDocument(text: string): Uint8Array {
  return new TextEncoder().encode(
    `{\n "signatures": [],\n "signed": ${text}\n}`,
  );
}

Deno.test("canonicalMember() gives canonicalBytes() or nothing, on generated documents", () => {
  const next = random(4242);
  let used = 0;
  for (let round = 0; round < 20_000; round++) {
    const text = generateText(next, 1);
    let signed: JsonValue;
    try {
      signed = parseJson(text);
    } catch {
      continue;
    }
    for (
      const layout of [
        text,
        formatPythonJson(signed, { indent: 1 }),
        formatPythonJson(signed),
      ]
    ) {
      const bytes = signedDocument(layout);
      const document = parseJson(bytes);
      assert.ok(isJsonObject(document));
      const fast = canonicalMember(bytes, "signed");
      if (fast === undefined) continue;
      used++;
      assert.deepEqual(fast, canonicalBytes(document.signed!), layout);
    }
  }
  assert.ok(used > 5_000, `the fast path served only ${used} documents`);
});

Deno.test("canonicalMember() refuses what is not canonical apart from whitespace", () => {
  const refused = [
    '{"signed": {"b": 1, "a": 2}}',
    '{"signed": {"b": 1, "\\u0061": 2}}',
    '{"signed": {"x\\"": 1}}',
    '{"signed": {"\\u0022": 1}}',
    '{"signed": {"\\\\": 1}}',
    '{"signed": -0}',
    '{"signed": [1, -0]}',
    '{"signed": {"\uff01": 1, "\u{10000}": 2, "\ue000": 3}}',
    '{"signatures": []}',
    '[{"signed": 1}]',
  ];
  for (const text of refused) {
    parseJson(text);
    assert.equal(
      canonicalMember(new TextEncoder().encode(text), "signed"),
      undefined,
      text,
    );
  }
  const accepted: [string, string][] = [
    [
      '{"signed": {"\ue000": 1, "\uff01": "x\\\\y\\"z", "\u{10000}": -10}}',
      '{"\ue000":1,"\uff01":"x\\\\y\\"z","\u{10000}":-10}',
    ],
    [
      '{"signed": ["a\\nb\\/\\u00e9\\u0022\\u005c\\ud83d\\ude00\\u0000"]}',
      '["a\nb/\u00e9\\"\\\\\u{1f600}\u0000"]',
    ],
    ['{"z": 1, "sign\\u0065d": {"\\u0061": 1, "b": 2}}', '{"a":1,"b":2}'],
    ['{"signed": {"a": 1, "a\\u0062": 2}}', '{"a":1,"ab":2}'],
  ];
  for (const [text, expected] of accepted) {
    assert.equal(
      new TextDecoder().decode(
        canonicalMember(new TextEncoder().encode(text), "signed"),
      ),
      expected,
      text,
    );
  }
});

Deno.test("canonicalMember() never throws on documents the parser refuses", () => {
  // signed_file.ts reads the bytes before it parses the document.
  const next = random(777);
  for (let round = 0; round < 20_000; round++) {
    const text = new TextDecoder().decode(
      signedDocument(generateText(next, 1)),
    );
    const cut = text.slice(0, Math.floor(next() * (text.length + 1)));
    for (const document of [cut, `${cut}}`, `${cut}]}`, `}${cut}`]) {
      canonicalMember(new TextEncoder().encode(document), "signed");
    }
  }
  for (
    const text of [
      '{"signed": {"a": 1}, "signatures": [], "signed": {}}',
      '{"signed": 1, "signed": 2}',
      '{"signed": "\\',
      "]]]}}}",
    ]
  ) {
    assert.throws(() => parseJson(text), text);
    assert.equal(
      canonicalMember(new TextEncoder().encode(text), "signed"),
      undefined,
      text,
    );
  }
});

Deno.test("canonicalMember() reads the reference's links and layout", async () => {
  for (
    const name of [
      "write-code.776a00e2.link",
      "package.2f89b927.link",
      "demo.layout.template",
    ]
  ) {
    const bytes = await Deno.readFile(join(FIXTURES, "demo_files", name));
    const document = parseJson(bytes);
    assert.ok(isJsonObject(document));
    const fast = canonicalMember(bytes, "signed");
    assert.ok(fast !== undefined, name);
    assert.deepEqual(fast, canonicalBytes(document.signed!), name);
  }
});
