// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { encodeCanonical } from "../../lib/json/canonical.ts";
import {
  type JsonObject,
  type JsonValue,
  parseJson,
} from "../../lib/json/parse.ts";
import { validateLayout } from "../../lib/model/layout.ts";
import { FIXTURES } from "../_helpers.ts";

const BOB = "776a00e29f3559e0141b3b096f696abc6cfb0c657ab40f441132b345b08453f5";
const CARL = "2f89b9272acfc8f4a0a0f094d789fdb0ba798b0fe41f2f5f417c12f0085ff498";

/** The layout as a loosely typed object, to break it in tests. */
// deno-lint-ignore no-explicit-any
type Editable = Record<string, any>;

const TEMPLATE = parseJson(
  await Deno.readFile(join(FIXTURES, "demo_files", "demo.layout.template")),
) as { signed: JsonObject };

/** A fresh copy of the demo layout with an `expires`, changed by `edit`. */
function layout(
  edit: (value: Editable) => void = () => {},
): JsonObject {
  const value = structuredClone({
    ...TEMPLATE.signed,
    expires: "2030-01-01T00:00:00Z",
  });
  edit(value as Editable);
  return value;
}

function rejects(value: JsonValue, message: RegExp): void {
  assert.throws(
    () => validateLayout(value, { source: "root.layout" }),
    (error) => {
      assert.equal((error as { code?: string }).code, "INVALID_METADATA");
      assert.match((error as Error).message, message);
      return true;
    },
  );
}

Deno.test("validateLayout() accepts the reference's demo layout", () => {
  const warnings: string[] = [];
  const result = validateLayout(layout(), { source: "root.layout", warnings });
  assert.deepEqual(warnings, []);
  assert.deepEqual(result.steps.map((step) => step.name), [
    "write-code",
    "package",
  ]);
  assert.deepEqual(result.steps.map((step) => step.pubkeys), [[BOB], [CARL]]);
  assert.equal(result.steps[1]!.threshold, 1);
  assert.deepEqual(result.inspect[0]!.run, [
    "python",
    "./scripts/tar",
    "xfz",
    "foo.tar.gz",
  ]);
  assert.deepEqual(Object.keys(result.keys).sort(), [CARL, BOB]);
  assert.equal(result.keys[BOB]!.keyid, BOB);
  assert.equal(result.expires, "2030-01-01T00:00:00Z");
});

Deno.test("validateLayout() requires a strict expires", () => {
  rejects(
    layout((v) => delete v.expires),
    /^Invalid layout "root\.layout" at expires: the field is missing/,
  );
  for (
    const expires of [
      "2030-02-30T00:00:00Z",
      "2030-01-01T00:00:00+00:00",
      "2030-01-01T00:00:00.1Z",
      "2030-01-01T00:00:00z",
      1,
    ]
  ) {
    rejects(
      layout((v) => v.expires = expires),
      /^Invalid layout "root\.layout" at expires: expected a UTC date/,
    );
  }
});

Deno.test("validateLayout() rejects a threshold that is not an integer from 1 to the number of pubkeys", () => {
  for (const threshold of [0, -1, true, "1", null, 2, [1], {}]) {
    rejects(
      layout((v) => v.steps[1].threshold = threshold),
      /at steps\[1\]\.threshold: expected an integer from 1 to 1 \(the number of pubkeys\), got /,
    );
  }
  rejects(
    layout((v) => delete v.steps[1].threshold),
    /at steps\[1\]\.threshold: the field is missing/,
  );
  rejects(
    layout((v) => v.steps[0].pubkeys = []),
    /at steps\[0\]\.threshold: no pubkeys are listed/,
  );
  // 1.0 and 2^53+1 never get past the parser.
  const text = (threshold: string) =>
    JSON.stringify(layout()).replace(
      '"threshold":1',
      `"threshold":${threshold}`,
    );
  for (const threshold of ["1.0", "1e0", "9007199254740993"]) {
    assert.throws(() => parseJson(text(threshold)), { code: "INVALID_JSON" });
  }
  // Two pubkeys allow threshold 2.
  const two = validateLayout(layout((v) => {
    v.steps[1].pubkeys = [CARL, BOB];
    v.steps[1].threshold = 2;
  }));
  assert.equal(two.steps[1]!.threshold, 2);
});

Deno.test("validateLayout() checks pubkeys against the layout's keys", () => {
  rejects(
    layout((v) => v.steps[0].pubkeys = ["ff".repeat(32)]),
    /at steps\[0\]\.pubkeys\[0\]: "f+" is not a key of the layout's keys/,
  );
  rejects(
    layout((v) => v.steps[0].pubkeys = [BOB, BOB]),
    /at steps\[0\]\.pubkeys\[1\]: "776a.*" is listed twice/,
  );
  rejects(
    layout((v) => v.steps[0].pubkeys = [1]),
    /at steps\[0\]\.pubkeys\[0\]: expected a string/,
  );
  rejects(
    layout((v) => v.steps[0].pubkeys = "x"),
    /at steps\[0\]\.pubkeys: expected an array/,
  );
  rejects(
    layout((v) => v.steps[0].pubkeys = ["__proto__"]),
    /is not a key of the layout's keys/,
  );
});

Deno.test("validateLayout() binds each key to its keyid and lists each key once", () => {
  rejects(
    layout((v) => {
      v.keys["ff".repeat(32)] = structuredClone(v.keys[BOB]);
    }),
    /at keys\.f{64}: /,
  );
  rejects(
    layout((v) => {
      v.keys[BOB].keyid = CARL;
    }),
    /at keys\["776a/,
  );
  rejects(
    layout((v) => {
      v.keys[BOB].keyval.public = v.keys[CARL].keyval.public;
    }),
    /at keys\["776a/,
  );
  rejects(layout((v) => v.keys = []), /at keys: expected an object/);
  // The same public key under its modern keyid as well as its legacy one.
  const bob = layout().keys as Editable;
  const modernKey = {
    keytype: bob[BOB].keytype,
    keyval: { public: bob[BOB].keyval.public + "\n" },
    scheme: bob[BOB].scheme,
  };
  const modern = createHash("sha256").update(encodeCanonical(modernKey)).digest(
    "hex",
  );
  rejects(
    layout((v) => {
      v.keys[modern] = { ...modernKey, keyid: modern };
    }),
    new RegExp(
      `at keys(\\.|\\[")${modern}"?\\]?: the same public key is also listed as "${BOB}"`,
    ),
  );
});

Deno.test("validateLayout() requires unique step and inspection names safe as file names", () => {
  rejects(
    layout((v) => v.steps[1].name = "write-code"),
    /at steps\[1\]\.name: "write-code" is already the name of another step or inspection/,
  );
  rejects(
    layout((v) => v.inspect[0].name = "package"),
    /at inspect\[0\]\.name: "package" is already the name/,
  );
  for (const name of ["../x", "a/b", "a\\b", "..", ".", "", "a\0b", "/abs"]) {
    rejects(
      layout((v) => v.steps[0].name = name),
      /at steps\[0\]\.name: (the name .* is not safe as a file name|must not be empty)/,
    );
    rejects(layout((v) => v.inspect[0].name = name), /at inspect\[0\]\.name: /);
  }
});

Deno.test("validateLayout() checks _type, rules and commands of steps and inspections", () => {
  rejects(layout((v) => v._type = "link"), /at _type: expected "layout"/);
  rejects(
    layout((v) => v.steps[0]._type = "inspection"),
    /at steps\[0\]\._type: expected "step"/,
  );
  rejects(
    layout((v) => v.inspect[0]._type = "step"),
    /at inspect\[0\]\._type: expected "inspection"/,
  );
  rejects(layout((v) => v.steps = {}), /at steps: expected an array/);
  rejects(layout((v) => v.steps[0] = []), /at steps\[0\]: expected an object/);
  rejects(
    layout((v) => v.steps[0].expected_products = [["CREATE"]]),
    /at steps\[0\]\.expected_products\[0\]: step "write-code" products: cannot parse rule "CREATE"/,
  );
  rejects(
    layout((v) => v.steps[0].expected_products = [["create", "a"]]),
    /at steps\[0\]\.expected_products\[0\]: step "write-code" products: cannot parse rule/,
  );
  rejects(
    layout((v) => v.steps[0].expected_products = [["CREATE", 1]]),
    /every token must be a string/,
  );
  rejects(
    layout((v) => v.steps[0].expected_products = ["CREATE a"]),
    /at steps\[0\]\.expected_products\[0\]: expected an array/,
  );
  rejects(
    layout((v) =>
      v.steps[1].expected_materials[0] = ["MATCH", "foo.py", "WITH", "PRODUCTS"]
    ),
    /at steps\[1\]\.expected_materials\[0\]/,
  );
  rejects(
    layout((v) => v.steps[0].expected_command = "make"),
    /at steps\[0\]\.expected_command: expected an array/,
  );
  rejects(
    layout((v) => v.inspect[0].run = []),
    /at inspect\[0\]\.run: the command is empty/,
  );
  rejects(
    layout((v) => v.inspect[0].run = [1]),
    /at inspect\[0\]\.run\[0\]: expected a string/,
  );
  rejects(
    layout((v) => delete v.inspect[0].run),
    /at inspect\[0\]\.run: the field is missing/,
  );
  rejects(layout((v) => v.readme = 1), /at readme: expected a string/);
  assert.equal(validateLayout(layout((v) => delete v.readme)).readme, "");
});

Deno.test("validateLayout() warns about undefined fields and accepts in-toto-golang's ITE-7 fields", () => {
  const warnings: string[] = [];
  validateLayout(
    layout((v) => {
      v.rootcas = {};
      v.intermediatecas = {};
      v.steps[0].cert_constraints = [];
      v.extra = 1;
      v.steps[1].Threshold = 5;
      v.inspect[0].Run = ["evil"];
    }),
    { source: "root.layout", warnings },
  );
  assert.deepEqual(
    warnings.map((warning) => warning.replace(/ has .*: /, ": ")),
    [
      'layout "root.layout": "extra"',
      'layout "root.layout" at steps[1]: "Threshold"',
      'layout "root.layout" at inspect[0]: "Run"',
    ],
  );
  rejects(layout((v) => v.rootcas = []), /at rootcas: expected an object/);
  rejects(
    layout((v) => v.steps[0].cert_constraints = {}),
    /at steps\[0\]\.cert_constraints: expected an array/,
  );
  rejects(
    layout((v) => v.steps[0].cert_constraints = [{ common_name: "x" }]),
    /at steps\[0\]\.cert_constraints: certificate constraints need root CAs, but the layout's rootcas is missing/,
  );
});
