// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The SLSA provenance v1 predicate (`https://slsa.dev/provenance/v1`),
 * validated field by field. As SLSA's parsing rules say, an optional field
 * that is `null` counts as unset, and unknown fields are ignored.
 *
 * @module
 */

import type { JsonObject, JsonValue } from "../json/parse.ts";
import {
  expectObject,
  expectString,
  expectUri,
  field,
  invalid,
  own,
} from "./_fields.ts";
import {
  type ResourceDescriptor,
  validateResourceDescriptors,
} from "./statement.ts";

/** The predicate type of SLSA provenance v1. */
export const SLSA_PROVENANCE_TYPE = "https://slsa.dev/provenance/v1";

/** The inputs of a build. */
export interface BuildDefinition {
  /** URI of the template that says how to run the build. */
  buildType: string;
  /** Parameters under external control. */
  externalParameters: JsonObject;
  /** Parameters under the builder's control. */
  internalParameters?: JsonObject;
  /** Artifacts needed at build time. */
  resolvedDependencies?: ResourceDescriptor[];
}

/** The build platform. */
export interface Builder {
  /** URI of the trusted build platform. */
  id: string;
  /** Versions of its components. */
  version?: Record<string, string>;
  /** Its own dependencies. */
  builderDependencies?: ResourceDescriptor[];
}

/** Details of one build run. */
export interface RunDetails {
  /** The build platform that ran the build. */
  builder: Builder;
  /** About this run. */
  metadata?: {
    /** Identifies this run, for logs. */
    invocationId?: string;
    /** RFC 3339 UTC timestamp. */
    startedOn?: string;
    /** RFC 3339 UTC timestamp. */
    finishedOn?: string;
  };
  /** Other artifacts the build made. */
  byproducts?: ResourceDescriptor[];
}

/** A validated SLSA provenance v1 predicate. */
export interface SlsaProvenance {
  /** The inputs of the build. */
  buildDefinition: BuildDefinition;
  /** This particular run of the build. */
  runDetails: RunDetails;
}

/**
 * Validates a SLSA provenance v1 predicate: `buildDefinition.buildType` a
 * URI, `buildDefinition.externalParameters` an object, `runDetails.builder.id`
 * a URI, and every optional field of its type (timestamps RFC 3339 in UTC).
 *
 * @param value The statement's `predicate`.
 * @param where What and where it is, for messages.
 * @returns The predicate with only its known fields.
 * @throws {IntotoError} `INVALID_METADATA` naming the field, or
 * `LIMIT_EXCEEDED`.
 *
 * @example Usage
 * ```ts
 * import { validateSlsaProvenance } from "./slsa_provenance.ts";
 * import assert from "node:assert/strict";
 * const provenance = validateSlsaProvenance({
 *   buildDefinition: { buildType: "https://example.com/b/v1", externalParameters: {} },
 *   runDetails: { builder: { id: "https://example.com/builder" } },
 * });
 * assert.equal(provenance.runDetails.builder.id, "https://example.com/builder");
 * assert.throws(() => validateSlsaProvenance({ buildDefinition: {} }));
 * ```
 */
export function validateSlsaProvenance(
  value: JsonValue,
  where = "SLSA provenance",
): SlsaProvenance {
  const object = expectObject(value, where);
  return {
    buildDefinition: buildDefinition(
      own(object, "buildDefinition"),
      field(where, "buildDefinition"),
    ),
    runDetails: runDetails(
      own(object, "runDetails"),
      field(where, "runDetails"),
    ),
  };
}

function buildDefinition(
  value: JsonValue | undefined,
  where: string,
): BuildDefinition {
  const object = expectObject(value, where);
  const definition: BuildDefinition = {
    buildType: expectUri(own(object, "buildType"), field(where, "buildType")),
    externalParameters: expectObject(
      own(object, "externalParameters"),
      field(where, "externalParameters"),
    ),
  };
  const internal = present(object, "internalParameters");
  if (internal !== undefined) {
    definition.internalParameters = expectObject(
      internal,
      field(where, "internalParameters"),
    );
  }
  const dependencies = descriptors(object, "resolvedDependencies", where);
  if (dependencies !== undefined) {
    definition.resolvedDependencies = dependencies;
  }
  return definition;
}

function runDetails(value: JsonValue | undefined, where: string): RunDetails {
  const object = expectObject(value, where);
  const details: RunDetails = {
    builder: builder(own(object, "builder"), field(where, "builder")),
  };
  const metadata = present(object, "metadata");
  if (metadata !== undefined) {
    details.metadata = buildMetadata(metadata, field(where, "metadata"));
  }
  const byproducts = descriptors(object, "byproducts", where);
  if (byproducts !== undefined) details.byproducts = byproducts;
  return details;
}

function builder(value: JsonValue | undefined, where: string): Builder {
  const object = expectObject(value, where);
  const result: Builder = {
    id: expectUri(own(object, "id"), field(where, "id")),
  };
  const version = present(object, "version");
  if (version !== undefined) {
    const versionWhere = field(where, "version");
    const map = expectObject(version, versionWhere);
    for (const [name, text] of Object.entries(map)) {
      if (typeof text !== "string") {
        throw invalid(`${versionWhere}.${name}`, "expected a string");
      }
    }
    result.version = map as Record<string, string>;
  }
  const dependencies = descriptors(object, "builderDependencies", where);
  if (dependencies !== undefined) result.builderDependencies = dependencies;
  return result;
}

function buildMetadata(
  value: JsonValue,
  where: string,
): NonNullable<RunDetails["metadata"]> {
  const object = expectObject(value, where);
  const metadata: NonNullable<RunDetails["metadata"]> = {};
  const invocationId = present(object, "invocationId");
  if (invocationId !== undefined) {
    metadata.invocationId = expectString(
      invocationId,
      field(where, "invocationId"),
    );
  }
  for (const key of ["startedOn", "finishedOn"] as const) {
    const stamp = present(object, key);
    if (stamp !== undefined) {
      metadata[key] = timestamp(stamp, field(where, key));
    }
  }
  return metadata;
}

function descriptors(
  object: JsonObject,
  key: string,
  where: string,
): ResourceDescriptor[] | undefined {
  const value = present(object, key);
  return value === undefined
    ? undefined
    : validateResourceDescriptors(value, field(where, key));
}

/** The value of an optional field; `null` counts as unset (SLSA rule). */
function present(object: JsonObject, key: string): JsonValue | undefined {
  const value = own(object, key);
  return value === null ? undefined : value;
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?Z$/;

function timestamp(value: JsonValue, where: string): string {
  const match = typeof value === "string" ? TIMESTAMP.exec(value) : null;
  if (match === null) {
    throw invalid(
      where,
      'expected an RFC 3339 timestamp in UTC, such as "2026-01-02T03:04:05Z"',
    );
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  const date = new Date(
    Date.UTC(year!, month! - 1, day!, hour!, minute!, second!),
  );
  if (
    date.getUTCFullYear() !== year || date.getUTCMonth() !== month! - 1 ||
    date.getUTCDate() !== day || hour! > 23 || minute! > 59 || second! > 59
  ) {
    throw invalid(where, `"${value as string}" is not a real date and time`);
  }
  return value as string;
}
