// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { encodeCanonical } from "../../lib/json/canonical.ts";
import { type JsonObject, parseJson } from "../../lib/json/parse.ts";
import { linkToJson, validateLink } from "../../lib/model/link.ts";
import { FIXTURES } from "../_helpers.ts";

const SHA = "a".repeat(64);

function link(changes: JsonObject = {}): JsonObject {
  return {
    _type: "link",
    name: "build",
    command: ["make", "-j2"],
    materials: { "src/a.c": { sha256: SHA } },
    products: { "a.out": { sha256: SHA, sha512: "b".repeat(128) } },
    byproducts: { stdout: "ok\n", stderr: "", "return-value": 0 },
    environment: {},
    ...changes,
  };
}

function rejects(value: JsonObject, message: RegExp): void {
  assert.throws(
    () => validateLink(value, { source: "build.1234abcd.link" }),
    (error) => {
      assert.equal((error as { code?: string }).code, "INVALID_METADATA");
      assert.match((error as Error).message, message);
      return true;
    },
  );
}

Deno.test("validateLink() accepts the reference's links", async () => {
  for (const name of ["write-code.776a00e2.link", "package.2f89b927.link"]) {
    const file = parseJson(
      await Deno.readFile(join(FIXTURES, "demo_files", name)),
    );
    const signed = (file as JsonObject).signed!;
    const warnings: string[] = [];
    const result = validateLink(signed, { source: name, warnings });
    assert.deepEqual(warnings, []);
    assert.equal(encodeCanonical(linkToJson(result)), encodeCanonical(signed));
  }
});

Deno.test("validateLink() returns typed fields and keeps odd artifact names as data", () => {
  const value = parseJson(
    `{"_type":"link","name":"b","command":[],"materials":{"__proto__":{"sha256":"${SHA}"},"constructor":{"sha256":"${SHA}"}},"products":{},"byproducts":{},"environment":{"workdir":"/x"}}`,
  );
  const result = validateLink(value);
  assert.deepEqual(Object.keys(result.materials), ["__proto__", "constructor"]);
  assert.ok(Object.hasOwn(result.materials, "__proto__"));
  assert.equal(Object.getPrototypeOf(result.materials), Object.prototype);
  assert.deepEqual(result.materials["__proto__"], { sha256: SHA });
  assert.equal(encodeCanonical(linkToJson(result)), encodeCanonical(value));
});

Deno.test("validateLink() requires _type exactly link and every field", () => {
  rejects(
    link({ _type: "layout" }),
    /^Invalid link "build\.1234abcd\.link" at _type: expected "link", got the string "layout"/,
  );
  rejects(link({ _type: "Link" }), /at _type: expected "link"/);
  rejects(
    link({ _type: "https://in-toto.io/Statement/v1" }),
    /at _type: expected "link"/,
  );
  for (
    const field of [
      "_type",
      "name",
      "command",
      "materials",
      "products",
      "byproducts",
      "environment",
    ]
  ) {
    const value = link();
    delete value[field];
    rejects(
      value,
      new RegExp(
        `at ${field}: (the field is missing|expected "link", got nothing)`,
      ),
    );
  }
  assert.throws(() => validateLink([]), /expected an object, got an array/);
  assert.throws(() => validateLink(null), /expected an object, got null/);
});

Deno.test("validateLink() checks the type of every field", () => {
  rejects(link({ name: "" }), /at name: must not be empty/);
  rejects(link({ name: 1 }), /at name: expected a string, got the number 1/);
  rejects(link({ command: "make" }), /at command: expected an array/);
  rejects(link({ command: ["make", 1] }), /at command\[1\]: expected a string/);
  rejects(
    link({ materials: [] }),
    /at materials: expected an object, got an array/,
  );
  rejects(
    link({ materials: null }),
    /at materials: expected an object, got null/,
  );
  rejects(
    link({ products: { "a": "abc" } }),
    /at products\.a: expected an object/,
  );
  rejects(
    link({ products: { "a b": {} } }),
    /at products\["a b"\]: the digest set is empty/,
  );
  rejects(
    link({ products: { "": { sha256: SHA } } }),
    /an artifact name is empty/,
  );
  rejects(
    link({ products: { a: { sha256: 1 } } }),
    /at products\.a\.sha256: expected a string/,
  );
  rejects(
    link({ products: { a: { sha256: "xyz" } } }),
    /at products\.a\.sha256: expected a sha256 digest in hex/,
  );
  rejects(
    link({ products: { a: { sha256: "ab" } } }),
    /expected a sha256 digest in hex/,
  );
  rejects(
    link({ products: { a: { sha256: "" } } }),
    /at products\.a\.sha256: must not be empty/,
  );
  rejects(link({ byproducts: [] }), /at byproducts: expected an object/);
  rejects(
    link({ byproducts: { "return-value": "0" } }),
    /at byproducts\.return-value: expected an integer/,
  );
  rejects(
    link({ byproducts: { "return-value": true } }),
    /expected an integer, got true/,
  );
  rejects(
    link({ byproducts: { stdout: 1 } }),
    /at byproducts\.stdout: expected a string/,
  );
  rejects(link({ environment: "x" }), /at environment: expected an object/);
  // Other algorithms are accepted with any hex length; case is kept.
  const other = validateLink(link({ products: { a: { blake2b: "AbCd" } } }));
  assert.deepEqual(other.products.a, { blake2b: "AbCd" });
});

Deno.test("validateLink() rejects names unsafe as file names", () => {
  for (
    const name of ["../x", "a/b", "a\\b", "..", ".", "a\0b", "a\nb", "x..y"]
  ) {
    rejects(link({ name }), /at name: the name .* is not safe as a file name/);
  }
  assert.equal(
    validateLink(link({ name: "build.v2_final-1" })).name,
    "build.v2_final-1",
  );
});

Deno.test("validateLink() warns about fields the spec does not define, such as Products", () => {
  const warnings: string[] = [];
  const value = link({ Products: { evil: { sha256: SHA } }, extra: 1 });
  const result = validateLink(value, { source: "x.link", warnings });
  assert.equal(warnings.length, 1);
  assert.match(
    warnings[0]!,
    /^link "x\.link" has fields the spec does not define .*: "Products", "extra"$/,
  );
  assert.equal(Object.hasOwn(result, "Products"), false);
  // The unknown field is part of what is signed: the canonical form differs.
  assert.notEqual(encodeCanonical(value), encodeCanonical(linkToJson(result)));
  // Without a sink, nothing throws.
  assert.doesNotThrow(() => validateLink(value));
});
