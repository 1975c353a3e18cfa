// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Statement v1 and ResourceDescriptor of the in-toto Attestation Framework
 * (ITE-6), parsed strictly: exact `_type`, at least one subject, every
 * subject with a valid digest, bounded counts.
 *
 * @module
 */

import { type JsonObject, type JsonValue, parseJson } from "../json/parse.ts";
import { type DigestSet, validateDigestSet } from "./digest_set.ts";
import {
  expectArray,
  expectObject,
  expectUri,
  field,
  invalid,
  optionalObject,
  optionalString,
  own,
} from "./_fields.ts";

/** The `_type` of every Statement v1. */
export const STATEMENT_TYPE = "https://in-toto.io/Statement/v1";

/**
 * Most subjects (and most descriptors in one predicate list, such as link
 * materials) accepted: 1,000,000, the bound `intoto verify` puts on the
 * artifacts of a classic link, since a link attestation stands in for one.
 * Generous for a large source tree recorded file by file, yet it bounds the
 * work a hostile statement can cause (attack catalogue R2; sigstore-go
 * accepts only 1,024 subjects).
 */
export const MAX_DESCRIPTORS = 1_000_000;

/** A description of one artifact or resource (`resource_descriptor.md`). */
export interface ResourceDescriptor {
  /** A local identifier, such as a file name. */
  name?: string;
  /** A URI that identifies the resource globally. */
  uri?: string;
  /** Digests of its content. */
  digest?: DigestSet;
  /** Its content, base64 as in the JSON. */
  content?: string;
  /** Where to download it from. */
  downloadLocation?: string;
  /** Its media type. */
  mediaType?: string;
  /** Anything else about it. */
  annotations?: JsonObject;
}

/** A subject: a ResourceDescriptor with its digest set. */
export type Subject = ResourceDescriptor & { digest: DigestSet };

/** A validated Statement v1. */
export interface Statement {
  /** Always {@linkcode STATEMENT_TYPE}. */
  _type: typeof STATEMENT_TYPE;
  /** The artifacts the attestation is about; never empty. */
  subject: Subject[];
  /** The URI of the predicate's type. */
  predicateType: string;
  /** The predicate; `{}` when the statement has none. */
  predicate: JsonObject;
}

const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$|^(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2}(?:==)?|[A-Za-z0-9_-]{3}=?)?$/;

/**
 * Validates a ResourceDescriptor: known fields of the right types, at least
 * one of `uri`, `digest` and `content`. Unknown fields are ignored, as the
 * framework's parsing rules require.
 *
 * @param value The parsed JSON value.
 * @param where What and where it is, for messages:
 * `statement "a.json": subject[0]`.
 * @returns The descriptor with only the known fields.
 * @throws {IntotoError} `INVALID_METADATA` naming the field.
 *
 * @example Usage
 * ```ts
 * import { validateResourceDescriptor } from "./statement.ts";
 * import assert from "node:assert/strict";
 * const digest = { sha256: "ab".repeat(32) };
 * assert.deepEqual(validateResourceDescriptor({ name: "a", digest }, "rd"), { name: "a", digest });
 * assert.throws(() => validateResourceDescriptor({ name: "a" }, "rd"));
 * ```
 */
export function validateResourceDescriptor(
  value: JsonValue,
  where: string,
): ResourceDescriptor {
  const object = expectObject(value, where);
  const descriptor: ResourceDescriptor = {};
  const name = optionalString(object, "name", where);
  if (name !== undefined) descriptor.name = name;
  if (own(object, "uri") !== undefined) {
    descriptor.uri = expectUri(object.uri, field(where, "uri"));
  }
  if (own(object, "digest") !== undefined) {
    descriptor.digest = validateDigestSet(
      object.digest!,
      field(where, "digest"),
    );
  }
  const content = own(object, "content");
  if (content !== undefined) {
    if (typeof content !== "string" || !BASE64.test(content)) {
      throw invalid(field(where, "content"), "expected base64");
    }
    descriptor.content = content;
  }
  if (own(object, "downloadLocation") !== undefined) {
    descriptor.downloadLocation = expectUri(
      object.downloadLocation,
      field(where, "downloadLocation"),
    );
  }
  const mediaType = optionalString(object, "mediaType", where);
  if (mediaType !== undefined) descriptor.mediaType = mediaType;
  const annotations = optionalObject(object, "annotations", where);
  if (annotations !== undefined) descriptor.annotations = annotations;
  if (
    descriptor.uri === undefined && descriptor.digest === undefined &&
    descriptor.content === undefined
  ) {
    throw invalid(
      where,
      'a resource descriptor needs "uri", "digest" or "content"',
    );
  }
  return descriptor;
}

/**
 * Validates a list of ResourceDescriptors, bounded by `limit`.
 *
 * @param value The parsed JSON value.
 * @param where What and where it is, for messages.
 * @param options `limit`: most entries (default {@linkcode MAX_DESCRIPTORS}).
 * @returns The descriptors.
 * @throws {IntotoError} `INVALID_METADATA`, or `LIMIT_EXCEEDED` before
 * looking at any entry when there are too many.
 */
export function validateResourceDescriptors(
  value: JsonValue | undefined,
  where: string,
  options: { limit?: number } = {},
): ResourceDescriptor[] {
  return expectArray(value, where, options.limit ?? MAX_DESCRIPTORS).map(
    (item, index) => validateResourceDescriptor(item, `${where}[${index}]`),
  );
}

/** Options for {@linkcode validateStatement} and {@linkcode parseStatement}. */
export interface StatementOptions {
  /** The file it came from, for messages. */
  source?: string;
  /** Most subjects accepted; default {@linkcode MAX_DESCRIPTORS}. */
  maxSubjects?: number;
  /**
   * Accept an empty `subject` list. Only for the unfinished link
   * attestation `intoto record start --attest` writes for itself, whose
   * products (the subjects) are not recorded yet; never for evidence.
   */
  allowNoSubject?: boolean;
}

/**
 * Validates a Statement v1: `_type` exactly {@linkcode STATEMENT_TYPE}, a
 * non-empty `subject` list of descriptors that each carry a digest set,
 * a non-empty `predicateType` URI, and `predicate` an object (absent means
 * `{}`). Unknown top-level fields are ignored.
 *
 * @param value The parsed payload.
 * @param options Source name for messages, subject limit.
 * @returns The statement.
 * @throws {IntotoError} `INVALID_METADATA` naming the field, or
 * `LIMIT_EXCEEDED` for too many subjects.
 *
 * @example Usage
 * ```ts
 * import { validateStatement } from "./statement.ts";
 * import assert from "node:assert/strict";
 * const statement = validateStatement({
 *   _type: "https://in-toto.io/Statement/v1",
 *   subject: [{ name: "a", digest: { sha256: "ab".repeat(32) } }],
 *   predicateType: "https://example.com/p/v1",
 * });
 * assert.deepEqual(statement.predicate, {});
 * assert.throws(() => validateStatement({ ...statement, _type: "link" }));
 * ```
 */
export function validateStatement(
  value: JsonValue,
  options: StatementOptions = {},
): Statement {
  const where = options.source === undefined
    ? "statement"
    : `statement "${options.source}"`;
  const object = expectObject(value, where);
  const type = own(object, "_type");
  if (type !== STATEMENT_TYPE) {
    throw invalid(
      field(where, "_type"),
      `expected "${STATEMENT_TYPE}", found ${describe(type)}`,
    );
  }
  const subjectWhere = field(where, "subject");
  const subjects = validateResourceDescriptors(
    own(object, "subject"),
    subjectWhere,
    {
      limit: options.maxSubjects ?? MAX_DESCRIPTORS,
    },
  );
  if (subjects.length === 0 && options.allowNoSubject !== true) {
    throw invalid(subjectWhere, "a statement needs at least one subject");
  }
  const subject = subjects.map((descriptor, index): Subject => {
    if (descriptor.digest === undefined) {
      throw invalid(`${subjectWhere}[${index}]`, 'a subject needs a "digest"');
    }
    return { ...descriptor, digest: descriptor.digest };
  });
  const predicateType = expectUri(
    own(object, "predicateType"),
    field(where, "predicateType"),
  );
  const predicate = optionalObject(object, "predicate", where) ?? {};
  return { _type: STATEMENT_TYPE, subject, predicateType, predicate };
}

/**
 * Parses JSON text strictly and validates it as a Statement v1.
 *
 * @param text The payload: exactly the verified bytes of an envelope.
 * @param options Source name for messages, subject limit.
 * @returns The statement.
 * @throws {IntotoError} `INVALID_JSON`, `INVALID_METADATA` or
 * `LIMIT_EXCEEDED`.
 */
export function parseStatement(
  text: string | Uint8Array,
  options: StatementOptions = {},
): Statement {
  const parsed = parseJson(
    text,
    options.source === undefined ? {} : { source: options.source },
  );
  return validateStatement(parsed, options);
}

/**
 * The Statement as a JSON object, with only its known fields.
 *
 * @param statement A statement.
 * @returns The JSON form.
 */
export function statementToJson(statement: Statement): JsonObject {
  return {
    _type: statement._type,
    subject: statement.subject.map(descriptorToJson),
    predicateType: statement.predicateType,
    predicate: statement.predicate,
  };
}

/**
 * The ResourceDescriptor as a JSON object.
 *
 * @param descriptor A descriptor.
 * @returns The JSON form, without absent fields.
 */
export function descriptorToJson(descriptor: ResourceDescriptor): JsonObject {
  const json: JsonObject = {};
  for (const [key, value] of Object.entries(descriptor)) {
    if (value !== undefined) json[key] = value as JsonValue;
  }
  return json;
}

function describe(value: JsonValue | undefined): string {
  if (value === undefined) return "nothing";
  if (typeof value === "string") return `"${value}"`;
  return Array.isArray(value)
    ? "an array"
    : `a ${value === null ? "null" : typeof value}`;
}
