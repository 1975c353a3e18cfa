// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import {
  LINK_PREDICATE_TYPE,
  linkFromStatement,
  statementFromLink,
  validateLinkPredicate,
} from "../../lib/model/link_predicate.ts";
import {
  SLSA_PROVENANCE_TYPE,
  validateSlsaProvenance,
} from "../../lib/model/slsa_provenance.ts";
import {
  MAX_DESCRIPTORS,
  parseStatement,
  STATEMENT_TYPE,
  statementToJson,
  validateResourceDescriptor,
  validateStatement,
} from "../../lib/model/statement.ts";
import { type ErrorCode, isIntotoError } from "../../lib/errors.ts";
import type { JsonObject, JsonValue } from "../../lib/json/parse.ts";
import { type Link, validateLink } from "../../lib/model/link.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);

function statement(overrides: JsonObject = {}): JsonObject {
  return {
    _type: STATEMENT_TYPE,
    subject: [{ name: "foo.tar.gz", digest: { sha256: A } }],
    predicateType: "https://example.com/predicate/v1",
    predicate: { any: ["thing"] },
    ...overrides,
  };
}

function throwsCode(fn: () => unknown, code: ErrorCode, text?: string): void {
  assert.throws(fn, (error) => {
    assert.ok(isIntotoError(error, code), String(error));
    if (text !== undefined) assert.match(error.message, new RegExp(text));
    return true;
  });
}

const LINK: Link = {
  _type: "link",
  name: "package",
  command: ["tar", "zcvf", "foo.tar.gz", "foo.py"],
  materials: { "foo.py": { sha256: A }, ["__proto__"]: { sha256: B } },
  products: { "foo.tar.gz": { sha256: B } },
  byproducts: { "return-value": 0, stderr: "", stdout: "foo.py\n" },
  environment: {},
};

Deno.test("validateStatement() accepts a Statement v1 and ignores unknown fields", () => {
  const result = validateStatement(statement({ extension_x: 1 }));
  assert.deepEqual(result, {
    _type: STATEMENT_TYPE,
    subject: [{ name: "foo.tar.gz", digest: { sha256: A } }],
    predicateType: "https://example.com/predicate/v1",
    predicate: { any: ["thing"] },
  });
  // An absent predicate counts as set but empty.
  const { predicate: _, ...bare } = statement();
  assert.deepEqual(validateStatement(bare).predicate, {});
});

Deno.test("validateStatement() requires the exact _type (P7, T6)", () => {
  for (
    const type of [
      "link",
      "layout",
      "https://in-toto.io/Statement/v0.1",
      "https://in-toto.io/Statement/v1/",
      "https://in-toto.io/statement/v1",
      "",
      null,
      1,
    ]
  ) {
    throwsCode(
      () => validateStatement(statement({ _type: type })),
      "INVALID_METADATA",
      "_type",
    );
  }
  const { _type: _, ...untyped } = statement();
  throwsCode(() => validateStatement(untyped), "INVALID_METADATA", "_type");
});

Deno.test("validateStatement() requires subjects with digests", () => {
  const cases: [JsonValue, string][] = [
    [[], "at least one subject"],
    [{}, "expected an array"],
    [[{ name: "x" }], 'needs "uri", "digest" or "content"'],
    [[{ name: "x", uri: "https://example.com/x" }], 'needs a "digest"'],
    [[{ name: "x", digest: {} }], "at least one digest"],
    [[{ name: "x", digest: { sha256: "A" } }], "sha256"],
    [[{ name: 1, digest: { sha256: A } }], "name"],
    [[{ name: "", digest: { sha256: A } }], "name"],
    [["x"], "subject\\[0\\]"],
  ];
  for (const [subject, text] of cases) {
    throwsCode(
      () => validateStatement(statement({ subject })),
      "INVALID_METADATA",
      text,
    );
  }
  const { subject: _, ...bare } = statement();
  throwsCode(() => validateStatement(bare), "INVALID_METADATA", "subject");
});

Deno.test("validateStatement() requires a predicateType URI and an object predicate", () => {
  for (const predicateType of ["", null, 3, "not a uri", "HTTPS://x/y"]) {
    throwsCode(
      () => validateStatement(statement({ predicateType })),
      "INVALID_METADATA",
      "predicateType",
    );
  }
  for (const predicate of [null, [], "x", 1]) {
    throwsCode(
      () => validateStatement(statement({ predicate })),
      "INVALID_METADATA",
      "predicate",
    );
  }
});

Deno.test("validateStatement() names the source in messages", () => {
  throwsCode(
    () => validateStatement(statement({ subject: [] }), { source: "a.json" }),
    "INVALID_METADATA",
    'statement "a.json": subject',
  );
});

Deno.test("validateStatement() bounds the subjects before looking at them (R2)", () => {
  throwsCode(
    () =>
      validateStatement(statement({ subject: new Array(11).fill(0) }), {
        maxSubjects: 10,
      }),
    "LIMIT_EXCEEDED",
    "11 entries, more than the limit of 10",
  );
  // The default bound: a million and one cheap entries fail fast.
  const many = new Array<JsonValue>(MAX_DESCRIPTORS + 1).fill(null);
  const start = performance.now();
  throwsCode(
    () => validateStatement(statement({ subject: many })),
    "LIMIT_EXCEEDED",
  );
  assert.ok(performance.now() - start < 1000);
});

Deno.test("parseStatement() parses strictly: duplicate keys and floats fail", () => {
  const text = JSON.stringify(statement());
  assert.equal(parseStatement(text).subject.length, 1);
  throwsCode(
    () => parseStatement(text.replace("{", `{"_type":"x",`)),
    "INVALID_JSON",
  );
  throwsCode(() => parseStatement("not json"), "INVALID_JSON");
});

Deno.test("validateResourceDescriptor() checks every known field", () => {
  const full = {
    name: "Foo.apk",
    uri: "git+https://example.com/foo@1#Foo.apk",
    digest: { sha256: A },
    content: "eyAicmVzdWx0IjogIlNVQ0NFU1MiIH0=",
    downloadLocation: "https://example.com/Foo.apk",
    mediaType: "application/vnd.android.package-archive",
    annotations: { twoPartyReview: false },
  };
  assert.deepEqual(validateResourceDescriptor(full, "rd"), full);
  assert.deepEqual(
    validateResourceDescriptor({ uri: "pkg:deb/debian/x@1" }, "rd"),
    { uri: "pkg:deb/debian/x@1" },
  );
  assert.deepEqual(
    validateResourceDescriptor({ content: "-_8" }, "rd"),
    { content: "-_8" },
  );
  const bad: [JsonObject, string][] = [
    [{ ...full, uri: "no scheme" }, "uri"],
    [{ ...full, uri: 5 }, "uri"],
    [{ ...full, content: "not base64!" }, "content"],
    [{ ...full, downloadLocation: "" }, "downloadLocation"],
    [{ ...full, mediaType: [] }, "mediaType"],
    [{ ...full, annotations: [] }, "annotations"],
    [{ name: "only a name" }, "needs"],
  ];
  for (const [value, text] of bad) {
    throwsCode(
      () => validateResourceDescriptor(value, "rd"),
      "INVALID_METADATA",
      text,
    );
  }
});

Deno.test("statementFromLink() and linkFromStatement() round-trip a link", () => {
  const json = statementFromLink(LINK);
  assert.equal(json._type, STATEMENT_TYPE);
  assert.equal(json.predicateType, LINK_PREDICATE_TYPE);
  assert.deepEqual(json.subject, [{
    name: "foo.tar.gz",
    digest: { sha256: B },
  }]);
  const parsed = validateStatement(json);
  const link = linkFromStatement(parsed);
  assert.deepEqual(link, LINK);
  assert.ok(Object.hasOwn(link.materials, "__proto__"));
  // The link is valid as a classic link too.
  assert.deepEqual(validateLink(link as unknown as JsonObject), LINK);
  // And the statement's JSON survives a second round.
  assert.deepEqual(statementToJson(parsed), json);
});

Deno.test("statementFromLink() sorts subjects and materials by name", () => {
  const json = statementFromLink({
    ...LINK,
    materials: { b: { sha256: A }, a: { sha256: A } },
    products: { "z": { sha256: A }, "y/x": { sha256: B } },
  });
  const names = (list: JsonValue | undefined) =>
    (list as JsonObject[]).map((item) => item.name);
  assert.deepEqual(names(json.subject), ["y/x", "z"]);
  assert.deepEqual(names((json.predicate as JsonObject).materials), ["a", "b"]);
});

Deno.test("statementFromLink() refuses a link without products", () => {
  throwsCode(
    () => statementFromLink({ ...LINK, products: {} }),
    "USAGE",
    "no products",
  );
});

Deno.test("linkFromStatement() refuses other predicate types (T6)", () => {
  const provenance = validateStatement(statement({
    predicateType: SLSA_PROVENANCE_TYPE,
    predicate: { name: "package" },
  }));
  throwsCode(
    () => linkFromStatement(provenance, { source: "package.12345678.link" }),
    "INVALID_METADATA",
    "predicateType",
  );
  for (
    const predicateType of [
      "https://in-toto.io/attestation/link/v0.2",
      "https://in-toto.io/Link/v1",
      `${LINK_PREDICATE_TYPE}/`,
    ]
  ) {
    const other = validateStatement({
      ...statementFromLink(LINK),
      predicateType,
    });
    throwsCode(() => linkFromStatement(other), "INVALID_METADATA");
  }
});

Deno.test("linkFromStatement() rejects unnamed or repeated artifacts", () => {
  const base = statementFromLink(LINK);
  const predicate = base.predicate as JsonObject;
  const cases: JsonObject[] = [
    { ...base, subject: [{ digest: { sha256: A } }] },
    {
      ...base,
      subject: [
        { name: "x", digest: { sha256: A } },
        { name: "x", digest: { sha256: B } },
      ],
    },
    {
      ...base,
      predicate: { ...predicate, materials: [{ uri: "https://e.com/x" }] },
    },
    {
      ...base,
      predicate: {
        ...predicate,
        materials: [{ name: "m", uri: "https://e.com/m" }],
      },
    },
    {
      ...base,
      predicate: {
        ...predicate,
        materials: [
          { name: "m", digest: { sha256: A } },
          { name: "m", digest: { sha256: A } },
        ],
      },
    },
  ];
  for (const value of cases) {
    throwsCode(
      () => linkFromStatement(validateStatement(value)),
      "INVALID_METADATA",
    );
  }
});

Deno.test("validateLinkPredicate() checks types and fills absent optional fields", () => {
  assert.deepEqual(validateLinkPredicate({ name: "build", extra: 1 }), {
    name: "build",
    command: [],
    materials: [],
    byproducts: {},
    environment: {},
  });
  const bad: JsonValue[] = [
    {},
    { name: "" },
    { name: 1 },
    { name: "b", command: "make" },
    { name: "b", command: [1] },
    { name: "b", materials: {} },
    { name: "b", byproducts: [] },
    { name: "b", environment: "x" },
    // Names that are not safe as a part of a file name (F1), as for links.
    { name: "." },
    { name: "../x" },
    { name: "a/b" },
    { name: "a\\b" },
    { name: "b\u001b[31m" },
    [],
  ];
  for (const value of bad) {
    throwsCode(() => validateLinkPredicate(value), "INVALID_METADATA");
  }
});

const PROVENANCE: JsonObject = {
  buildDefinition: {
    buildType:
      "https://slsa-framework.github.io/github-actions-buildtypes/workflow/v1",
    externalParameters: {
      workflow: {
        ref: "refs/heads/main",
        repository: "https://github.com/o/r",
      },
    },
    internalParameters: { github: { event_name: "push" } },
    resolvedDependencies: [{
      uri: "git+https://github.com/o/r@refs/heads/main",
      digest: { gitCommit: "7fd1a60b01f91b314f59955a4e4d4e80d8edf11d" },
    }],
  },
  runDetails: {
    builder: {
      id: "https://github.com/actions/runner/github-hosted",
      version: { runner: "2.311.0" },
      builderDependencies: [{ uri: "pkg:docker/ubuntu@22.04" }],
    },
    metadata: {
      invocationId: "https://github.com/o/r/actions/runs/1/attempts/1",
      startedOn: "2023-03-04T05:06:07Z",
      finishedOn: "2023-03-04T05:16:07.123Z",
    },
    byproducts: [{ name: "log", digest: { sha256: A } }],
  },
};

Deno.test("validateSlsaProvenance() accepts a full SLSA v1 predicate", () => {
  assert.deepEqual(validateSlsaProvenance(PROVENANCE), PROVENANCE);
  const minimal = {
    buildDefinition: { buildType: "https://e.com/t", externalParameters: {} },
    runDetails: { builder: { id: "https://e.com/b" } },
  };
  assert.deepEqual(validateSlsaProvenance(minimal), minimal);
  // null counts as unset, as SLSA's parsing rules say.
  assert.deepEqual(
    validateSlsaProvenance({
      buildDefinition: {
        ...minimal.buildDefinition,
        internalParameters: null,
        resolvedDependencies: null,
      },
      runDetails: { ...minimal.runDetails, metadata: null, byproducts: null },
    }),
    minimal,
  );
});

Deno.test("validateSlsaProvenance() rejects malformed predicates, naming the field", () => {
  const definition = PROVENANCE.buildDefinition as JsonObject;
  const details = PROVENANCE.runDetails as JsonObject;
  const builder = details.builder as JsonObject;
  const metadata = details.metadata as JsonObject;
  const cases: [JsonValue, string][] = [
    [{}, "buildDefinition"],
    [
      { ...PROVENANCE, runDetails: {} },
      "runDetails: builder|runDetails.builder",
    ],
    [{
      ...PROVENANCE,
      buildDefinition: { ...definition, buildType: "" },
    }, "buildType"],
    [{
      ...PROVENANCE,
      buildDefinition: { buildType: "https://e.com/t" },
    }, "externalParameters"],
    [{
      ...PROVENANCE,
      buildDefinition: { ...definition, resolvedDependencies: [{}] },
    }, "resolvedDependencies\\[0\\]"],
    [{
      ...PROVENANCE,
      runDetails: { ...details, builder: { ...builder, id: "runner" } },
    }, "builder.id"],
    [{
      ...PROVENANCE,
      runDetails: { ...details, builder: { ...builder, version: { a: 1 } } },
    }, "version.a"],
    [{
      ...PROVENANCE,
      runDetails: {
        ...details,
        metadata: { ...metadata, startedOn: "2023-02-30T00:00:00Z" },
      },
    }, "startedOn"],
    [{
      ...PROVENANCE,
      runDetails: {
        ...details,
        metadata: { ...metadata, finishedOn: "2023-03-04T05:06:07+00:00" },
      },
    }, "finishedOn"],
  ];
  for (const [value, text] of cases) {
    throwsCode(() => validateSlsaProvenance(value), "INVALID_METADATA", text);
  }
});
