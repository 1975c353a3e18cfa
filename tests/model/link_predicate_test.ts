// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A link attestation's products are its Statement's subjects; a predicate
 * that lists products too must agree with them exactly.
 */
import assert from "node:assert/strict";
import { isIntotoError } from "../../lib/errors.ts";
import {
  LINK_PREDICATE_TYPE,
  linkFromStatement,
} from "../../lib/model/link_predicate.ts";
import { validateStatement } from "../../lib/model/statement.ts";
import type { JsonValue } from "../../lib/json/parse.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);

function statement(products?: JsonValue) {
  return validateStatement({
    _type: "https://in-toto.io/Statement/v1",
    subject: [{ name: "app", digest: { sha256: A } }, {
      name: "lib",
      digest: { sha256: B },
    }],
    predicateType: LINK_PREDICATE_TYPE,
    predicate: {
      name: "build",
      ...(products === undefined ? {} : { products }),
    },
  });
}

Deno.test("linkFromStatement() takes the products from the subject", () => {
  const link = linkFromStatement(statement());
  assert.deepEqual(link.products, {
    app: { sha256: A },
    lib: { sha256: B },
  });
});

Deno.test("linkFromStatement() accepts predicate products that agree with the subject, in either form", () => {
  for (
    const products of [
      [{ name: "lib", digest: { sha256: B } }, {
        name: "app",
        digest: { sha256: A },
      }],
      { app: { sha256: A }, lib: { sha256: B } },
    ]
  ) {
    assert.deepEqual(linkFromStatement(statement(products)).products, {
      app: { sha256: A },
      lib: { sha256: B },
    });
  }
});

Deno.test("linkFromStatement() refuses predicate products that contradict the subject", () => {
  const cases: [JsonValue, RegExp][] = [
    [{ app: { sha256: B }, lib: { sha256: B } }, /"app" has other digests/],
    [
      { app: { sha256: A } },
      /"lib" is a subject but not among the predicate's products/,
    ],
    [
      { app: { sha256: A }, lib: { sha256: B }, evil: { sha256: A } },
      /"evil" is among the predicate's products but not a subject/,
    ],
    [[{ name: "app", digest: { sha256: A } }], /"lib" is a subject but not/],
    [
      { app: { sha256: A }, lib: { sha1: "c".repeat(40) } },
      /"lib" has other digests/,
    ],
    ["app", /expected an object/],
  ];
  for (const [products, reason] of cases) {
    assert.throws(
      () => linkFromStatement(statement(products), { source: "build.link" }),
      (error) =>
        isIntotoError(error, "INVALID_METADATA") &&
        error.message.includes("predicate.products") &&
        reason.test(error.message),
      JSON.stringify(products),
    );
  }
});
