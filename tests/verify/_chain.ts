// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The supply chains of the verifySupplyChain() tests
 * (tests/verify/verify_*_test.ts): keys, the demo's steps and links, a rule
 * case and a sublayout, and verify()/rejects() around the verification core.
 *
 * @module
 */
import assert from "node:assert/strict";
import { type ErrorCode, isIntotoError } from "../../lib/errors.ts";
import type { JsonObject } from "../../lib/json/parse.ts";
import type { SignedFile } from "../../lib/model/signed_file.ts";
import { VerificationError } from "../../lib/verify/report.ts";
import {
  verifySupplyChain,
  type VerifySupplyChainInput,
} from "../../lib/verify/verify.ts";
import {
  type InspectionSpec,
  layoutJson,
  linkFile,
  linkJson,
  sign,
  type StepSpec,
  type TestKey,
  testKey,
} from "../_verify_fixtures.ts";

/** The project owner, who signs the layout. */
export const OWNER: TestKey = testKey(9);
/** Functionary of write-code, and of build in the sublayout and rule cases. */
export const ALICE: TestKey = testKey(1);
/** Functionary of package, and of fetch in the rule cases. */
export const BOB: TestKey = testKey(2);
/** A second layout key; functionary of the sublayout's compile. */
export const CARL: TestKey = testKey(3);

/**
 * The demo's steps: write-code by ALICE creates foo.py, package by BOB
 * turns it into foo.tar.gz.
 *
 * @param overrides Fields to replace, per step.
 * @returns The two steps.
 */
export function demoSteps(overrides: Partial<StepSpec>[] = []): StepSpec[] {
  return [
    {
      name: "write-code",
      keys: [ALICE],
      products: [["CREATE", "foo.py"], ["DISALLOW", "*"]],
      ...overrides[0],
    },
    {
      name: "package",
      keys: [BOB],
      command: ["tar", "zcvf", "foo.tar.gz", "foo.py"],
      materials: [
        ["MATCH", "foo.py", "WITH", "PRODUCTS", "FROM", "write-code"],
        ["DISALLOW", "*"],
      ],
      products: [["CREATE", "foo.tar.gz"], ["DISALLOW", "*"]],
      ...overrides[1],
    },
  ];
}

/**
 * Links of the demo's two steps, each signed by its functionary.
 *
 * @returns File name → signed link.
 */
export async function demoLinks(): Promise<Map<string, SignedFile>> {
  return new Map([
    [
      linkFile("write-code", ALICE),
      await sign(linkJson("write-code", { products: { "foo.py": "py" } }), [
        ALICE,
      ]),
    ],
    [
      linkFile("package", BOB),
      await sign(
        linkJson("package", {
          command: ["tar", "zcvf", "foo.tar.gz", "foo.py"],
          materials: { "foo.py": "py" },
          products: { "foo.tar.gz": "tgz" },
        }),
        [BOB],
      ),
    ],
  ]);
}

/**
 * Runs verifySupplyChain on a layout, signed by OWNER unless already signed,
 * with OWNER as the layout key.
 *
 * @param layout The layout, signed or not.
 * @param links File name → signed link.
 * @param options More input, replacing the defaults.
 * @returns The report.
 */
export async function verify(
  layout: JsonObject | SignedFile,
  links: Map<string, SignedFile>,
  options: Partial<VerifySupplyChainInput> = {},
) {
  const signed = "signatures" in layout && "signedBytes" in layout
    ? layout as unknown as SignedFile
    : await sign(layout, [OWNER]);
  return await verifySupplyChain({
    layout: signed,
    layoutKeys: [OWNER.publicKey],
    links,
    ...options,
  });
}

/**
 * Asserts that a promise fails with an IntotoError of `code` whose message
 * matches `pattern`.
 *
 * @param promise What should fail.
 * @param code The expected error code.
 * @param pattern What the message says.
 * @returns The error when it is a VerificationError (with its report).
 */
export async function rejects(
  promise: Promise<unknown>,
  code: ErrorCode,
  pattern: RegExp,
): Promise<VerificationError | undefined> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  assert.ok(caught !== undefined, "expected a failure, but it passed");
  assert.ok(isIntotoError(caught), `not an IntotoError: ${caught}`);
  assert.equal(caught.code, code, caught.message);
  assert.match(caught.message, pattern);
  return caught instanceof VerificationError ? caught : undefined;
}

/**
 * Verifies a chain of step "fetch" (BOB) then "build" (ALICE), where build's
 * product rules are `rules`.
 *
 * @param rules Build's product rules.
 * @param products Build's products.
 * @param upstream Fetch's products.
 * @returns The report.
 */
export async function ruleCase(
  rules: string[][],
  products: Record<string, string | JsonObject>,
  upstream: Record<string, string | JsonObject> = {},
) {
  const layout = layoutJson([
    { name: "fetch", keys: [BOB] },
    { name: "build", keys: [ALICE], products: rules },
  ]);
  const links = new Map([
    [
      linkFile("fetch", BOB),
      await sign(linkJson("fetch", { products: upstream }), [BOB]),
    ],
    [
      linkFile("build", ALICE),
      await sign(linkJson("build", { products }), [ALICE]),
    ],
  ]);
  return verify(layout, links);
}

/**
 * A layout whose step "build" ALICE delegates to a sublayout, whose step
 * "compile" CARL does, with all the links.
 *
 * @param options The sublayout's steps and inspections.
 * @returns The (unsigned) layout and the links.
 */
export async function sublayoutChain(options: {
  steps?: StepSpec[];
  inspections?: InspectionSpec[];
  depth?: number;
} = {}) {
  // "build" is delegated by ALICE to a sublayout whose step "compile" CARL does.
  const inner = options.steps ?? [{
    name: "compile",
    keys: [CARL],
    products: [["CREATE", "a.out"]],
  }];
  const sublayout = await sign(
    layoutJson(inner, { inspections: options.inspections ?? [] }),
    [ALICE],
  );
  const links = new Map<string, SignedFile>([
    [linkFile("build", ALICE), sublayout],
    [
      `build.${ALICE.prefix}/${linkFile("compile", CARL)}`,
      await sign(
        linkJson("compile", {
          materials: { "a.c": "c" },
          products: { "a.out": "o" },
        }),
        [CARL],
      ),
    ],
  ]);
  const layout = layoutJson([{
    name: "build",
    keys: [ALICE],
    materials: [["ALLOW", "a.c"], ["DISALLOW", "*"]],
    products: [["CREATE", "a.out"], ["DISALLOW", "*"]],
  }]);
  return { layout, links };
}
