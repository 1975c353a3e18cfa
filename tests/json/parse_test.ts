// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { isJsonObject, parseJson } from "../../lib/json/parse.ts";
import type { IntotoError } from "../../lib/errors.ts";

function rejects(text: string | Uint8Array, message: RegExp): void {
  assert.throws(() => parseJson(text, { source: "x.link" }), (error) => {
    assert.equal((error as { code?: string }).code, "INVALID_JSON");
    assert.match((error as Error).message, message);
    return true;
  });
}

Deno.test("parseJson() reads what JSON.parse reads for plain documents", () => {
  const text =
    ' {"a": [1, -2, 0, true, false, null, "x\\n\\u00e9\\ud83d\\ude00\\/"], "b": {}, "c": []}\r\n\t';
  assert.deepEqual(parseJson(text), JSON.parse(text));
  assert.deepEqual(
    parseJson(new TextEncoder().encode(text)),
    JSON.parse(text),
  );
  assert.equal(parseJson("9007199254740991"), Number.MAX_SAFE_INTEGER);
  assert.equal(parseJson("-9007199254740991"), Number.MIN_SAFE_INTEGER);
  assert.ok(Object.is(parseJson("-0"), 0));
});

Deno.test("parseJson() rejects duplicate keys, also spelled with escapes", () => {
  rejects('{"products": {}, "products": {}}', /duplicate key "products"/);
  rejects(
    '{"signed": {"run": 1, "ru\\u006E": 2}}',
    /at signed: duplicate key "run"/,
  );
  // Case variants are distinct keys: kept, and flagged later by validation.
  assert.deepEqual(parseJson('{"run": 1, "Run": 2}'), { run: 1, Run: 2 });
});

Deno.test("parseJson() rejects numbers that are not exact integers", () => {
  for (const number of ["1.0", "1e0", "1E5", "0.5", "-1.5e3", "1.", ".5"]) {
    assert.throws(() => parseJson(`{"threshold": ${number}}`), {
      code: "INVALID_JSON",
    }, number);
  }
  rejects(
    '{"signed": {"steps": [{}, {}, {"threshold": 1.0}]}}',
    /at signed\.steps\[2\]\.threshold: only integers/,
  );
  rejects(
    '{"v": 9007199254740993}',
    /at v: integer "9007199254740993" is beyond 2\^53/,
  );
  rejects("9007199254740992", /beyond 2\^53/);
  rejects("-9007199254740993", /beyond 2\^53/);
  rejects("1" + "0".repeat(400), /beyond 2\^53/);
  for (
    const text of ["01", "+1", "-", "NaN", "Infinity", "-Infinity", "0x10"]
  ) {
    assert.throws(() => parseJson(text), { code: "INVALID_JSON" }, text);
  }
});

Deno.test("parseJson() rejects lone surrogates, escaped or raw", () => {
  rejects('"\\ud800"', /lone surrogate/);
  rejects('"\\udc00\\ud800"', /lone surrogate/);
  rejects('{"k\\ud83d": 1}', /lone surrogate/);
  rejects('"\ud800"', /lone surrogate/);
  // Raw surrogates encoded as UTF-8 (CESU) are not UTF-8 at all.
  rejects(new Uint8Array([0x22, 0xed, 0xa0, 0x80, 0x22]), /not valid UTF-8/);
  rejects(new Uint8Array([0x22, 0xff, 0x22]), /not valid UTF-8/);
  assert.equal(parseJson('"\\ud83d\\ude00"'), "\u{1f600}");
});

Deno.test("parseJson() rejects raw control characters and bad escapes", () => {
  rejects('"a\nb"', /control character/);
  rejects('"a\u0000b"', /control character/);
  rejects('"\\x41"', /bad escape/);
  rejects('"\\u12"', /bad \\u escape/);
  rejects('"\\u12G4"', /bad \\u escape/);
  assert.equal(parseJson('"\\u0000\\u2028"'), "\u0000\u2028");
});

Deno.test("parseJson() keeps __proto__ as data and never pollutes prototypes", () => {
  const value = parseJson(
    '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, "materials": {"__proto__": {"sha256": "ab"}}}',
  );
  assert.ok(isJsonObject(value));
  assert.ok(Object.hasOwn(value, "__proto__"));
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  assert.deepEqual(value["__proto__"], { polluted: true });
  assert.deepEqual(Object.keys(value), [
    "__proto__",
    "constructor",
    "materials",
  ]);
  const materials = value.materials;
  assert.ok(isJsonObject(materials));
  assert.deepEqual(Object.keys(materials), ["__proto__"]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(
    Object.prototype.hasOwnProperty.call(Object.prototype, "polluted"),
    false,
  );
  rejects('{"__proto__": 1, "__proto__": 2}', /duplicate key "__proto__"/);
  // "constructor" and "toString" are not inherited when looked up as data.
  assert.deepEqual(parseJson('{"toString": 1}'), { toString: 1 });
});

Deno.test("parseJson() limits nesting depth", () => {
  assert.doesNotThrow(() => parseJson("[".repeat(256) + "]".repeat(256)));
  rejects("[".repeat(257) + "]".repeat(257), /nested deeper than 256 levels/);
  rejects('{"a":'.repeat(300) + "1" + "}".repeat(300), /nested deeper/);
  assert.throws(() => parseJson("[[[1]]]", { maxDepth: 2 }), {
    code: "INVALID_JSON",
  });
  // A hostile depth is refused quickly, without a stack overflow.
  rejects("[".repeat(1_000_000), /nested deeper/);
});

Deno.test("parseJson() names the JSON path of the problem", () => {
  rejects(
    '{"signed": {"steps": [{"name": "a"}, {"name": "b"}, {"threshold": tru}]}}',
    /^Cannot parse "x\.link" at signed\.steps\[2\]\.threshold: expected "true"/,
  );
  rejects(
    '{"materials": {"foo.py": {"sha256": 1.5}}}',
    /at materials\["foo\.py"\]\.sha256:/,
  );
  rejects('[{"a": [0, 1, 2e1]}]', /at \[0\]\.a\[2\]:/);
});

Deno.test("parseJson() rejects truncated and trailing input", () => {
  const full =
    '{"signed": {"_type": "link", "command": ["a", "b"]}, "signatures": []}';
  for (let end = 0; end < full.length; end++) {
    assert.throws(
      () => parseJson(full.slice(0, end)),
      { code: "INVALID_JSON" },
      full.slice(0, end),
    );
  }
  rejects("", /unexpected end of input/);
  rejects("{} {}", /unexpected data after the end/);
  rejects("[1,]", /unexpected character "\]" \(offset 3\)/);
  rejects('{"a":1,}', /expected a string key/);
  rejects("\ufeff{}", /unexpected character U\+FEFF \(offset 0\)/);
  rejects("{'a': 1}", /expected a string key/);
});

Deno.test("parseJson() R2 bounds the number of values before building them", () => {
  const many = `[${"{},".repeat(50)}{}]`;
  for (const text of [many, `{"b":1,"a":${many}}`]) {
    assert.throws(
      () => parseJson(text, { source: "big.link", maxValues: 40 }),
      (error: IntotoError) =>
        error.code === "LIMIT_EXCEEDED" &&
        error.message ===
          'Cannot parse "big.link": it holds more JSON values than the limit of 40',
    );
  }
  assert.equal((parseJson(many, { maxValues: 110 }) as unknown[]).length, 51);
  // Unterminated strings end the fast scan instead of looping.
  assert.throws(() => parseJson('{"a": "x'), /unterminated string/);
  assert.throws(() => parseJson('{"a": "x\\n'), /unterminated string/);
});
