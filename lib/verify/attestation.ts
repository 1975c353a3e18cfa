// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Verifies one attestation: a Statement v1 in a DSSE envelope. The stages
 * are pure (no file access) and run in this order, failing at the first
 * problem: envelope and payload type, signatures by distinct trusted keys,
 * statement, predicate type, then the subjects against local digests.
 *
 * @module
 */

import { IntotoError, type Remedy } from "../errors.ts";
import { IN_TOTO_PAYLOAD_TYPE } from "../model/dsse.ts";
import type { ArtifactMap } from "../model/link.ts";
import { parseSignedFile, verifiedKeys } from "../model/signed_file.ts";
import { keyMaterial } from "../crypto/key_identity.ts";
import type { PublicKey } from "../crypto/key.ts";
import { type DigestSet, digestSetsMatch } from "../model/digest_set.ts";
import { field } from "../model/_fields.ts";
import {
  LINK_PREDICATE_TYPE,
  validateLinkPredicate,
} from "../model/link_predicate.ts";
import {
  SLSA_PROVENANCE_TYPE,
  validateSlsaProvenance,
} from "../model/slsa_provenance.ts";
import {
  type Statement,
  type Subject,
  validateStatement,
} from "../model/statement.ts";

/** Options for {@linkcode verifyAttestation}. */
export interface VerifyAttestationOptions {
  /** The trusted public keys; at least one. */
  keys: readonly PublicKey[];
  /** How many distinct keys must have signed; default 1. */
  threshold?: number;
  /** The predicate type required; when absent any type is accepted. */
  predicateType?: string;
  /** The file name, for messages. */
  source?: string;
}

/** A verified attestation. */
export interface VerifiedAttestation {
  /** The statement, parsed from exactly the verified payload bytes. */
  statement: Statement;
  /** The distinct given keys whose signature verified. */
  signers: PublicKey[];
}

/**
 * Verifies the signatures and types of an attestation file: it must be a
 * DSSE envelope of payload type `application/vnd.in-toto+json`; at least
 * `threshold` distinct keys among `keys` must have signed its PAE (a
 * signature's keyid is only a hint, and a repeated signature or key counts
 * once); its payload must be a Statement v1; its predicate type must be
 * `predicateType` when that is given; and a link v0.3 or SLSA provenance v1
 * predicate must be valid.
 *
 * @param bytes The attestation file's content.
 * @param options Trusted keys, threshold, required predicate type, name.
 * @returns The statement and the keys that signed it.
 * @throws {IntotoError} `USAGE` (no keys, bad threshold); `INVALID_JSON` or
 * `INVALID_METADATA` (not a DSSE envelope, wrong payload type, payload not
 * a JSON object, not a Statement v1, an invalid link or SLSA predicate);
 * `SIGNATURE_INVALID` (no given key
 * signed it); `THRESHOLD_NOT_MET`; `VERIFICATION_FAILED` (other predicate
 * type).
 */
export async function verifyAttestation(
  bytes: Uint8Array,
  options: VerifyAttestationOptions,
): Promise<VerifiedAttestation> {
  const source = options.source ?? "attestation";
  const threshold = checkThreshold(options);
  const file = parseSignedFile(bytes, source);
  if (file.format !== "dsse" || file.payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    throw new IntotoError(
      "INVALID_METADATA",
      `Cannot verify attestation "${source}": it is not a DSSE envelope of type "${IN_TOTO_PAYLOAD_TYPE}"`,
    );
  }
  const signers = await verifiedKeys(file, options.keys);
  if (signers.length < threshold) {
    const found = signers.length === 0
      ? "no given key signed it"
      : `${signers.length} distinct given key${
        signers.length === 1 ? "" : "s"
      } signed it, ${threshold} needed`;
    throw new IntotoError(
      signers.length === 0 ? "SIGNATURE_INVALID" : "THRESHOLD_NOT_MET",
      `Cannot verify attestation "${source}": ${found}`,
    );
  }
  const statement = validateStatement(file.payload, { source });
  const wanted = options.predicateType;
  if (wanted !== undefined && statement.predicateType !== wanted) {
    throw new IntotoError(
      "VERIFICATION_FAILED",
      `Cannot verify attestation "${source}": its predicate type is "${statement.predicateType}", not "${wanted}"`,
    );
  }
  const where = field(`statement "${source}"`, "predicate");
  if (statement.predicateType === LINK_PREDICATE_TYPE) {
    validateLinkPredicate(statement.predicate, where);
  } else if (statement.predicateType === SLSA_PROVENANCE_TYPE) {
    validateSlsaProvenance(statement.predicate, where);
  }
  return { statement, signers };
}

function checkThreshold(options: VerifyAttestationOptions): number {
  const distinct = new Set(options.keys.map(keyMaterial)).size;
  if (distinct === 0) {
    throw new IntotoError(
      "USAGE",
      "Cannot verify an attestation without keys: give at least one public key",
    );
  }
  const threshold = options.threshold ?? 1;
  if (
    !Number.isSafeInteger(threshold) || threshold < 1 || threshold > distinct
  ) {
    throw new IntotoError(
      "USAGE",
      `Cannot require ${threshold} signatures: the threshold must be a whole number from 1 to the ${distinct} distinct key${
        distinct === 1 ? "" : "s"
      } given`,
    );
  }
  return threshold;
}

/** Options for {@linkcode checkSubjects}. */
export interface CheckSubjectsOptions {
  /**
   * Match each artifact against any subject by digest alone, ignoring
   * names (the framework's rule: subjects are matched purely by digest).
   * By default an artifact must match the subjects of its own name.
   */
  matchByDigest?: boolean;
  /** The attestation's file name, for messages. */
  source?: string;
}

/** How one local artifact matched the statement. */
export interface SubjectMatch {
  /** The artifact's name, as given. */
  name: string;
  /** The subjects it matched. */
  subjects: Subject[];
}

/**
 * Checks local artifacts against a verified statement's subjects. By name
 * (the default): at least one subject must carry the artifact's name, and
 * every subject of that name must match its digests. By digest: at least
 * one subject must match its digests. Digest sets match when they share an
 * accepted algorithm and all shared accepted algorithms agree, so an empty
 * digest set or one of only unknown algorithms matches nothing.
 *
 * @param statement A verified statement.
 * @param artifacts The local artifacts: name to digests computed locally.
 * @param options Match by digest; source name for messages.
 * @returns For each artifact, the subjects it matched.
 * @throws {IntotoError} `ARTIFACT_MISMATCH` naming the first artifact that
 * has no subject or whose digest differs.
 *
 * @example Usage
 * ```ts
 * import { checkSubjects } from "./attestation.ts";
 * import assert from "node:assert/strict";
 * const digest = { sha256: "ab".repeat(32) };
 * const statement = {
 *   _type: "https://in-toto.io/Statement/v1" as const,
 *   subject: [{ name: "a.tgz", digest }], predicateType: "x:y", predicate: {},
 * };
 * assert.equal(checkSubjects(statement, { "a.tgz": digest }).length, 1);
 * assert.throws(() => checkSubjects(statement, { "b.tgz": digest }));
 * ```
 */
export function checkSubjects(
  statement: Statement,
  artifacts: ArtifactMap,
  options: CheckSubjectsOptions = {},
): SubjectMatch[] {
  const source = options.source ?? "attestation";
  return Object.keys(artifacts).map((name) => {
    const digest = artifacts[name]!;
    if (options.matchByDigest === true) {
      const subjects = statement.subject.filter((subject) =>
        digestSetsMatch(subject.digest, digest)
      );
      if (subjects.length === 0) {
        throw mismatch(
          source,
          `no subject has the digest of "${name}" (${describeDigest(digest)})`,
        );
      }
      return { name, subjects };
    }
    const subjects = statement.subject.filter((subject) =>
      subject.name === name
    );
    if (subjects.length === 0) {
      throw mismatch(
        source,
        `no subject is named "${name}"; its subjects are ${
          listNames(statement.subject)
        } (or match by digest alone)`,
        { option: "matchByDigest" },
      );
    }
    for (const subject of subjects) {
      if (!digestSetsMatch(subject.digest, digest)) {
        throw mismatch(
          source,
          `"${name}" has ${describeDigest(digest)}, but its subject has ${
            describeDigest(subject.digest)
          }`,
        );
      }
    }
    return { name, subjects };
  });
}

function mismatch(
  source: string,
  detail: string,
  remedy?: Remedy,
): IntotoError {
  return new IntotoError(
    "ARTIFACT_MISMATCH",
    `Cannot verify attestation "${source}": ${detail}`,
    remedy === undefined ? {} : { remedy },
  );
}

function describeDigest(digest: DigestSet): string {
  const entries = Object.entries(digest);
  if (entries.length === 0) return "no digest";
  return entries.map(([algorithm, value]) => `${algorithm} ${value}`).join(
    ", ",
  );
}

function listNames(subjects: readonly Subject[]): string {
  const names = subjects.slice(0, 5).map((subject) =>
    subject.name === undefined ? "(unnamed)" : `"${subject.name}"`
  );
  const more = subjects.length > 5 ? ` and ${subjects.length - 5} more` : "";
  return names.join(", ") + more;
}
