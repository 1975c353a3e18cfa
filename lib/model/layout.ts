// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The layout: the project owner's signed definition of the supply chain
 * (spec §4.3).
 *
 * @module
 */

import { isIntotoError } from "../errors.ts";
import type { PublicKey } from "../crypto/key.ts";
import { parsePublicKeyObject } from "../crypto/key_object.ts";
import { parseRule } from "./rule.ts";
import {
  type CertConstraint,
  type CertificateAuthority,
  checkAuthorities,
  checkCertConstraints,
} from "./certificate_authority.ts";
import { parseExpires } from "./date.ts";
import { type JsonObject, type JsonValue, setOwn } from "../json/parse.ts";
import { keyMaterial } from "../crypto/key_identity.ts";
import {
  childPath,
  describeValue,
  MetadataChecker,
  type ValidateOptions,
} from "./validate.ts";

/** A rule as the layout spells it: tokens such as `["CREATE", "foo.py"]`. */
export type RuleTokens = string[];

/** Fields shared by steps and inspections. */
export interface SupplyChainItem {
  /** Unique across steps and inspections; safe as a file name. */
  name: string;
  /** Artifact rules for the materials, as lists of words. */
  expected_materials: RuleTokens[];
  /** Artifact rules for the products, as lists of words. */
  expected_products: RuleTokens[];
}

/** A step that functionaries perform and record as links. */
export interface Step extends SupplyChainItem {
  /** Always `step`. */
  _type: "step";
  /** Keyids (keys of `layout.keys`) allowed to sign this step's links. */
  pubkeys: string[];
  /**
   * How many distinct keys must agree: 1 to `pubkeys.length`, or any
   * positive number when certificates may sign (`cert_constraints`).
   */
  threshold: number;
  /** The command the links should record; a difference only warns. */
  expected_command: string[];
  /**
   * ITE-7: certificates that may sign this step's links besides `pubkeys`:
   * one chaining to `rootcas` and meeting any one of these.
   */
  cert_constraints?: CertConstraint[];
}

/** A command the verifier runs after every step passed. */
export interface Inspection extends SupplyChainItem {
  /** Always `inspection`. */
  _type: "inspection";
  /** The command and its arguments, run without a shell. */
  run: string[];
}

/** A layout's signed content. */
export interface Layout {
  /** Always `layout`. */
  _type: "layout";
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  expires: string;
  /** Free text for people. */
  readme: string;
  /** Functionary keys by keyid. */
  keys: Record<string, PublicKey>;
  /** The steps, in the order of the supply chain. */
  steps: Step[];
  /** The inspections, run in order after the steps. */
  inspect: Inspection[];
  /** ITE-7: the CAs functionaries' certificates must chain to, by keyid. */
  rootcas?: Record<string, CertificateAuthority>;
  /** ITE-7: CAs that may stand between a functionary and a root. */
  intermediatecas?: Record<string, CertificateAuthority>;
}

const ITEM_FIELDS = ["name", "expected_materials", "expected_products"];

function checkRules(
  checker: MetadataChecker,
  value: JsonValue | undefined,
  path: string,
  owner: string,
): RuleTokens[] {
  return checker.array(value, path).map((rule, index) => {
    const rulePath = childPath(path, index);
    const tokens = checker.array(rule, rulePath);
    try {
      parseRule(tokens);
    } catch (error) {
      if (!isIntotoError(error)) throw error;
      const message = error.message;
      checker.fail(
        rulePath,
        `${owner}: ${message[0]!.toLowerCase()}${message.slice(1)}`,
      );
    }
    return tokens as string[];
  });
}

function checkKeys(
  checker: MetadataChecker,
  value: JsonValue | undefined,
): Record<string, PublicKey> {
  const keys: Record<string, PublicKey> = {};
  const seen = new Map<string, string>();
  for (const [keyid, object] of Object.entries(checker.object(value, "keys"))) {
    const path = childPath("keys", keyid);
    let key: PublicKey;
    try {
      key = parsePublicKeyObject(object, checker.where(path));
    } catch (error) {
      if (!isIntotoError(error, "INVALID_KEY")) throw error;
      checker.fail(path, error.message);
    }
    if (key.keyid !== keyid) {
      checker.fail(
        path,
        `the key is listed under "${keyid}" but its keyid is "${key.keyid}"`,
      );
    }
    const material = keyMaterial(key);
    const other = seen.get(material);
    if (other !== undefined) {
      checker.fail(
        path,
        `the same public key is also listed as "${other}"; list each key once`,
      );
    }
    seen.set(material, keyid);
    setOwn(keys, keyid, key);
  }
  return keys;
}

function checkStep(
  checker: MetadataChecker,
  object: JsonObject,
  path: string,
  layout: Pick<Layout, "keys" | "rootcas">,
): Step {
  const { keys } = layout;
  checker.fields(object, path, {
    type: "step",
    required: [...ITEM_FIELDS, "pubkeys", "expected_command", "threshold"],
    optional: ["cert_constraints"],
  });
  const pubkeysPath = childPath(path, "pubkeys");
  const pubkeys = checker.strings(object.pubkeys, pubkeysPath);
  pubkeys.forEach((keyid, index) => {
    const keyPath = childPath(pubkeysPath, index);
    if (!Object.hasOwn(keys, keyid)) {
      checker.fail(keyPath, `"${keyid}" is not a key of the layout's keys`);
    }
    if (pubkeys.indexOf(keyid) !== index) {
      checker.fail(keyPath, `"${keyid}" is listed twice`);
    }
  });
  const constraints = Object.hasOwn(object, "cert_constraints")
    ? checkCertConstraints(
      checker,
      object.cert_constraints,
      childPath(path, "cert_constraints"),
      layout.rootcas,
    )
    : undefined;
  const certificates = constraints !== undefined && constraints.length > 0;
  const thresholdPath = childPath(path, "threshold");
  const threshold = object.threshold;
  if (certificates) {
    if (
      typeof threshold !== "number" || !Number.isSafeInteger(threshold) ||
      threshold < 1
    ) {
      checker.fail(
        thresholdPath,
        `expected a positive integer, got ${describeValue(threshold)}`,
      );
    }
  } else if (
    typeof threshold !== "number" || !Number.isSafeInteger(threshold) ||
    threshold < 1 || threshold > pubkeys.length
  ) {
    checker.fail(
      thresholdPath,
      pubkeys.length === 0
        ? "no pubkeys are listed, so no threshold can be met"
        : `expected an integer from 1 to ${pubkeys.length} (the number of pubkeys), got ${
          describeValue(threshold)
        }`,
    );
  }
  return {
    _type: "step",
    ...checkItem(checker, object, path, "step"),
    pubkeys,
    threshold,
    expected_command: checker.strings(
      object.expected_command,
      childPath(path, "expected_command"),
    ),
    ...(constraints === undefined ? {} : { cert_constraints: constraints }),
  };
}

/** The fields steps and inspections share: the name and both rule lists. */
function checkItem(
  checker: MetadataChecker,
  object: JsonObject,
  path: string,
  kind: "step" | "inspection",
): SupplyChainItem {
  const name = checker.name(object.name, childPath(path, "name"));
  return {
    name,
    expected_materials: checkRules(
      checker,
      object.expected_materials,
      childPath(path, "expected_materials"),
      `${kind} "${name}" materials`,
    ),
    expected_products: checkRules(
      checker,
      object.expected_products,
      childPath(path, "expected_products"),
      `${kind} "${name}" products`,
    ),
  };
}

function checkInspection(
  checker: MetadataChecker,
  object: JsonObject,
  path: string,
): Inspection {
  checker.fields(object, path, {
    type: "inspection",
    required: [...ITEM_FIELDS, "run"],
  });
  const runPath = childPath(path, "run");
  const run = checker.strings(object.run, runPath);
  if (run.length === 0) checker.fail(runPath, "the command is empty");
  return {
    _type: "inspection",
    ...checkItem(checker, object, path, "inspection"),
    run,
  };
}

/**
 * Validates the signed content of a layout, strictly: `_type` values exact;
 * `expires` as `YYYY-MM-DDTHH:MM:SSZ`; every key valid and listed under its
 * own keyid, each public key once; step and inspection names unique across
 * both and safe as file names; `pubkeys` unique keys of `keys`; `threshold`
 * an integer from 1 to the number of pubkeys; every rule well-formed;
 * `readme` optional (default `""`). in-toto-golang's ITE-7 fields
 * (`rootcas`, `intermediatecas`, `cert_constraints`) are checked by
 * `certificate_authority.ts`; with certificate constraints a step's
 * `threshold` may exceed its pubkeys. Other
 * fields the spec does not define are reported in `options.warnings`.
 *
 * @param value The parsed `signed` object or DSSE payload.
 * @param options The file name for messages, the warnings sink.
 * @returns The typed layout.
 * @throws {IntotoError} `INVALID_METADATA` naming the field, such as
 * `steps[1].threshold`.
 *
 * @example Usage
 * ```ts
 * import { validateLayout } from "./layout.ts";
 * import assert from "node:assert/strict";
 * const layout = validateLayout({
 *   _type: "layout", expires: "2030-01-01T00:00:00Z", keys: {}, steps: [],
 *   inspect: [{ _type: "inspection", name: "untar", run: ["tar", "xf", "a.tar"],
 *     expected_materials: [], expected_products: [["CREATE", "a"]] }],
 * });
 * assert.equal(layout.inspect[0]?.name, "untar");
 * ```
 */
export function validateLayout(
  value: JsonValue,
  options: ValidateOptions = {},
): Layout {
  const checker: MetadataChecker = new MetadataChecker("layout", options);
  const object = checker.object(value, "");
  checker.fields(object, "", {
    type: "layout",
    required: ["expires", "keys", "steps", "inspect"],
    optional: ["readme", "rootcas", "intermediatecas"],
  });
  const expires = object.expires;
  parseExpires(expires, checker.where("expires"));
  const authorities: Pick<Layout, "rootcas" | "intermediatecas"> = {};
  for (const field of ["rootcas", "intermediatecas"] as const) {
    if (Object.hasOwn(object, field)) {
      authorities[field] = checkAuthorities(checker, object[field], field);
    }
  }
  const keys = checkKeys(checker, object.keys);
  const steps = checker.array(object.steps, "steps").map((step, index) => {
    const path = childPath("steps", index);
    return checkStep(checker, checker.object(step, path), path, {
      keys,
      ...authorities,
    });
  });
  const inspect = checker.array(object.inspect, "inspect").map(
    (inspection, index) => {
      const path = childPath("inspect", index);
      return checkInspection(checker, checker.object(inspection, path), path);
    },
  );
  const names = new Set<string>();
  for (const [index, item] of [...steps, ...inspect].entries()) {
    if (names.has(item.name)) {
      const path = index < steps.length
        ? childPath(childPath("steps", index), "name")
        : childPath(childPath("inspect", index - steps.length), "name");
      checker.fail(
        path,
        `"${item.name}" is already the name of another step or inspection`,
      );
    }
    names.add(item.name);
  }
  return {
    _type: "layout",
    expires: expires as string,
    readme: Object.hasOwn(object, "readme")
      ? checker.string(object.readme, "readme", true)
      : "",
    keys,
    steps,
    inspect,
    ...authorities,
  };
}
