// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The in-toto link predicate v0.3 (`https://in-toto.io/attestation/link/v0.3`)
 * and its conversion to and from the classic link: products are the
 * statement's subjects, materials are ResourceDescriptors in the predicate.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { sortedKeys } from "../json/code_point_order.ts";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  setOwn,
} from "../json/parse.ts";
import { validateDigestSet } from "./digest_set.ts";
import { type ArtifactMap, type Link, sameDigests } from "./link.ts";
import { unsafeNameProblem } from "./validate.ts";
import {
  expectObject,
  expectString,
  expectStrings,
  field,
  invalid,
  optionalObject,
  own,
} from "./_fields.ts";
import {
  descriptorToJson,
  MAX_DESCRIPTORS,
  type ResourceDescriptor,
  type Statement,
  STATEMENT_TYPE,
  validateResourceDescriptors,
} from "./statement.ts";

/** The predicate type of link attestations. */
export const LINK_PREDICATE_TYPE = "https://in-toto.io/attestation/link/v0.3";

/** Most command arguments accepted in a link predicate. */
const MAX_COMMAND_ARGS = 65_536;

/** A validated link predicate; absent optional fields are empty. */
export interface LinkPredicate {
  /** The step this is evidence for. */
  name: string;
  /** The command that ran, possibly empty. */
  command: string[];
  /** The inputs of the step. */
  materials: ResourceDescriptor[];
  /** `stdout`, `stderr`, `return-value` and the like. */
  byproducts: JsonObject;
  /** Opaque information about the environment. */
  environment: JsonObject;
}

/**
 * Validates a link predicate v0.3: `name` a non-empty string safe as a part
 * of a file name, as a link's; `command` a
 * list of strings; `materials` ResourceDescriptors; `byproducts` and
 * `environment` objects. Absent optional fields become empty.
 *
 * @param value The statement's `predicate`.
 * @param where What and where it is, for messages.
 * @returns The predicate.
 * @throws {IntotoError} `INVALID_METADATA` naming the field, or
 * `LIMIT_EXCEEDED`.
 *
 * @example Usage
 * ```ts
 * import { validateLinkPredicate } from "./link_predicate.ts";
 * import assert from "node:assert/strict";
 * assert.equal(validateLinkPredicate({ name: "build" }).command.length, 0);
 * assert.throws(() => validateLinkPredicate({ command: [] }));
 * ```
 */
export function validateLinkPredicate(
  value: JsonValue,
  where = "link predicate",
): LinkPredicate {
  const object = expectObject(value, where);
  const name = expectString(own(object, "name"), field(where, "name"));
  // As for a link: the name becomes part of a file name.
  const problem = unsafeNameProblem(name);
  if (problem !== undefined) throw invalid(field(where, "name"), problem);
  const command = own(object, "command") === undefined
    ? []
    : expectStrings(object.command, field(where, "command"), MAX_COMMAND_ARGS);
  const materials = own(object, "materials") === undefined
    ? []
    : validateResourceDescriptors(object.materials, field(where, "materials"));
  return {
    name,
    command,
    materials,
    byproducts: optionalObject(object, "byproducts", where) ?? {},
    environment: optionalObject(object, "environment", where) ?? {},
  };
}

/** Options for {@linkcode linkFromStatement}. */
export interface LinkFromStatementOptions {
  /** The file it came from, for messages. */
  source?: string;
}

/**
 * Converts a verified Statement with a link predicate into the classic
 * link the layout's rules work on: products from `subject`, materials from
 * the predicate, each a map from `name` to `digest`.
 *
 * @param statement A validated statement.
 * @param options Source name for messages.
 * @returns The link.
 * @throws {IntotoError} `INVALID_METADATA` when the predicate type is not
 * {@linkcode LINK_PREDICATE_TYPE} (a provenance or any other attestation is
 * never taken for a link), when a subject or material lacks a `name` or
 * `digest`, or when a name repeats.
 *
 * @example Usage
 * ```ts
 * import { linkFromStatement, statementFromLink } from "./link_predicate.ts";
 * import { validateStatement } from "./statement.ts";
 * import assert from "node:assert/strict";
 * const link = {
 *   _type: "link" as const, name: "build", command: ["make"],
 *   materials: {}, products: { "a.out": { sha256: "ab".repeat(32) } },
 *   byproducts: {}, environment: {},
 * };
 * const statement = validateStatement(statementFromLink(link));
 * assert.deepEqual(linkFromStatement(statement), link);
 * ```
 */
export function linkFromStatement(
  statement: Statement,
  options: LinkFromStatementOptions = {},
): Link {
  const where = options.source === undefined
    ? "link attestation"
    : `link attestation "${options.source}"`;
  if (statement.predicateType !== LINK_PREDICATE_TYPE) {
    throw invalid(
      field(where, "predicateType"),
      `expected "${LINK_PREDICATE_TYPE}", found "${statement.predicateType}"`,
    );
  }
  const predicate = validateLinkPredicate(
    statement.predicate,
    field(where, "predicate"),
  );
  const products = artifactMap(statement.subject, field(where, "subject"));
  checkPredicateProducts(statement.predicate, products, where);
  return {
    _type: "link",
    name: predicate.name,
    command: predicate.command,
    materials: artifactMap(
      predicate.materials,
      field(where, "predicate.materials"),
    ),
    products,
    byproducts: predicate.byproducts,
    environment: predicate.environment,
  };
}

/**
 * The Statement's `subject` is authoritative for a link's products (link
 * predicate v0.3 has no `products`). A predicate that lists `products` all
 * the same, as ResourceDescriptors or as a map of name to digests, must
 * list exactly the subject's artifacts with the same digests: a
 * contradiction is refused, never silently dropped.
 */
function checkPredicateProducts(
  predicate: JsonValue,
  subject: ArtifactMap,
  where: string,
): void {
  const listed = isJsonObject(predicate)
    ? own(predicate, "products")
    : undefined;
  if (listed === undefined) return;
  const path = field(where, "predicate.products");
  const products = Array.isArray(listed)
    ? artifactMap(validateResourceDescriptors(listed, path), path)
    : Object.fromEntries(
      Object.entries(expectObject(listed, path)).map(([name, digests]) => [
        name,
        validateDigestSet(digests, `${path}.${name}`),
      ]),
    );
  const names = new Set([...Object.keys(subject), ...Object.keys(products)]);
  for (const name of [...names].sort()) {
    const problem = !Object.hasOwn(products, name)
      ? "is a subject but not among the predicate's products"
      : !Object.hasOwn(subject, name)
      ? "is among the predicate's products but not a subject"
      : !sameDigests(subject[name]!, products[name]!)
      ? "has other digests in the predicate's products than in the subject"
      : undefined;
    if (problem !== undefined) {
      throw invalid(
        path,
        `contradicts "subject": "${name}" ${problem}; the subject is authoritative, so the predicate's products must list the same artifacts with the same digests, or be left out`,
      );
    }
  }
}

function artifactMap(
  descriptors: readonly ResourceDescriptor[],
  where: string,
): ArtifactMap {
  const map: ArtifactMap = {};
  descriptors.forEach((descriptor, index) => {
    const { name, digest } = descriptor;
    if (name === undefined || digest === undefined) {
      throw invalid(
        `${where}[${index}]`,
        'a link artifact needs "name" and "digest"',
      );
    }
    if (Object.hasOwn(map, name)) {
      throw invalid(`${where}[${index}]`, `artifact "${name}" is listed twice`);
    }
    setOwn(map, name, digest);
  });
  return map;
}

/** Options for {@linkcode statementFromLink}. */
export interface StatementFromLinkOptions {
  /**
   * Allow a link without products, giving a Statement with no subject: only
   * for the unfinished attestation of `record start`, which is no evidence.
   */
  allowNoProducts?: boolean;
}

/**
 * Builds a Statement v1 with a link predicate from a link: the products
 * become the subjects and the materials the predicate's ResourceDescriptors,
 * both sorted by name.
 *
 * @param link The link, as recorded.
 * @param options Whether a link without products is allowed.
 * @returns The Statement as a JSON object, ready to be signed in DSSE.
 * @throws {IntotoError} `USAGE` when the link has no products: a Statement
 * needs at least one subject.
 */
export function statementFromLink(
  link: Link,
  options: StatementFromLinkOptions = {},
): JsonObject {
  const products = descriptorsOf(link.products);
  if (products.length === 0 && options.allowNoProducts !== true) {
    throw new IntotoError(
      "USAGE",
      `Cannot make an attestation for step "${link.name}": it has no products, and a Statement needs at least one subject; record products, or write a link instead`,
    );
  }
  if (products.length > MAX_DESCRIPTORS) {
    throw new IntotoError(
      "LIMIT_EXCEEDED",
      `Cannot make an attestation for step "${link.name}": ${products.length} products, more than the limit of ${MAX_DESCRIPTORS}`,
    );
  }
  return {
    _type: STATEMENT_TYPE,
    subject: products,
    predicateType: LINK_PREDICATE_TYPE,
    predicate: {
      name: link.name,
      command: link.command,
      materials: descriptorsOf(link.materials),
      byproducts: link.byproducts,
      environment: link.environment,
    },
  };
}

function descriptorsOf(artifacts: ArtifactMap): JsonObject[] {
  return sortedKeys(artifacts).map((name) =>
    descriptorToJson({ name, digest: artifacts[name]! })
  );
}
