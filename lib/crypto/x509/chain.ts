// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Certificate path validation for code-signing certificates: from a leaf
 * through intermediates to one of the given roots, with backtracking over
 * every candidate issuer, as Go's `crypto/x509` searches, but checking what
 * a signer of in-toto metadata must be allowed to do:
 *
 * - every certificate, the root included, is valid at the given time
 *   (inclusive), has no unknown critical extension, and, if it has an
 *   extended key usage, lists codeSigning or anyExtendedKeyUsage;
 * - the leaf's subject alternative names lie within the name constraints
 *   of every certificate of the chain (`name_constraints.ts`);
 * - the leaf's keyUsage, if present, has digitalSignature, and a SPIFFE
 *   leaf carries exactly one URI, a well-formed SPIFFE ID;
 * - every issuer is a CA (basicConstraints cA), its keyUsage, if present,
 *   has keyCertSign, and its pathLenConstraint admits the intermediates
 *   below it;
 * - every signature in the chain verifies with an accepted algorithm
 *   (`algorithm.ts`; no SHA-1). A root's own self-signature is not checked:
 *   it is trusted because the layout lists it.
 *
 * @module
 */

import { IntotoError } from "../../errors.ts";
import { equalBytes } from "../pkcs.ts";
import { verifyCertificateSignature } from "./algorithm.ts";
import {
  type Certificate,
  CODE_SIGNING_EKU,
  describeCertificate,
  EXTENDED_KEY_USAGE_NAMES,
  KEY_USAGE,
} from "./certificate.ts";
import { isSpiffeUri, spiffeIdProblem } from "./spiffe.ts";
import { nameConstraintProblem } from "./name_constraints.ts";

/** What a chain is built from. */
export interface ChainOptions {
  /** The trust anchors. */
  roots: readonly Certificate[];
  /** Certificates that may stand between the leaf and a root. */
  intermediates: readonly Certificate[];
  /** The time every certificate must be valid at. */
  at: Date;
}

const ANY_EKU = "2.5.29.37.0";

/** Most certificates in a chain, the leaf and the root included. */
const MAX_CHAIN_LENGTH = 10;

/** Most signatures checked while searching for a chain (Go allows 100). */
const MAX_SIGNATURE_CHECKS = 100;

/**
 * The error for one certificate that failed one check.
 *
 * @param certificate The certificate.
 * @param check The check's name, such as `validity`.
 * @param detail What was wrong.
 * @returns A `SIGNATURE_INVALID` error naming both.
 */
export function certificateProblem(
  certificate: Certificate,
  check: string,
  detail: string,
): IntotoError {
  return new IntotoError(
    "SIGNATURE_INVALID",
    `certificate ${
      describeCertificate(certificate)
    } fails the ${check} check: ${detail}`,
  );
}

type Role = "leaf" | "intermediate" | "root";

function checkCertificate(
  certificate: Certificate,
  role: Role,
  at: Date,
  leaf: Certificate,
): void {
  const fail = (check: string, detail: string): never => {
    throw certificateProblem(certificate, check, detail);
  };
  const time = at.getTime();
  if (time < certificate.notBefore.getTime()) {
    fail(
      "validity",
      `not valid before ${iso(certificate.notBefore)} (checked at ${iso(at)})`,
    );
  }
  if (time > certificate.notAfter.getTime()) {
    fail(
      "validity",
      `expired on ${iso(certificate.notAfter)} (checked at ${iso(at)})`,
    );
  }
  const critical = certificate.unhandledCritical[0];
  if (critical !== undefined) {
    fail("critical extension", `unknown critical extension ${critical}`);
  }
  if (certificate.nameConstraints !== undefined) {
    const problem = nameConstraintProblem(certificate.nameConstraints, leaf);
    if (problem !== undefined) {
      fail(
        "name constraints",
        certificate === leaf
          ? problem
          : `${problem}, for leaf ${describeCertificate(leaf)}`,
      );
    }
  }
  const eku = certificate.extendedKeyUsage;
  if (
    eku !== undefined && !eku.includes(CODE_SIGNING_EKU) &&
    !eku.includes(ANY_EKU)
  ) {
    const names = eku.map((oid) => EXTENDED_KEY_USAGE_NAMES.get(oid) ?? oid);
    fail(
      "extended key usage",
      `it allows ${names.join(", ") || "nothing"}, not codeSigning`,
    );
  }
  const usage = certificate.keyUsage;
  if (role === "leaf") {
    if (usage !== undefined && !usage.has(KEY_USAGE.digitalSignature)) {
      fail("key usage", "its key usage lacks digitalSignature");
    }
    checkSpiffe(certificate, fail);
    return;
  }
  if (certificate.ca !== true) {
    fail(
      "basic constraints",
      certificate.ca === undefined
        ? "it has no basicConstraints, so it is not a CA"
        : "its basicConstraints say it is not a CA",
    );
  }
  if (usage !== undefined && !usage.has(KEY_USAGE.keyCertSign)) {
    fail("key usage", "its key usage lacks keyCertSign");
  }
}

function checkSpiffe(
  certificate: Certificate,
  fail: (check: string, detail: string) => never,
): void {
  const spiffe = certificate.uris.find(isSpiffeUri);
  if (spiffe === undefined) return;
  if (certificate.uris.length !== 1) {
    fail(
      "SPIFFE ID",
      `an SVID carries exactly one URI, this one ${certificate.uris.length}`,
    );
  }
  const problem = spiffeIdProblem(spiffe);
  if (problem !== undefined) fail("SPIFFE ID", `"${spiffe}": ${problem}`);
}

function iso(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, "Z");
}

/**
 * Checks every CA's pathLenConstraint against the intermediates below it.
 *
 * @param chain Leaf first.
 */
function checkPathLengths(chain: readonly Certificate[]): void {
  chain.forEach((certificate, index) => {
    const limit = certificate.pathLength;
    const below = index - 1;
    if (index > 0 && limit !== undefined && below > limit) {
      throw certificateProblem(
        certificate,
        "path length",
        `it allows ${limit} intermediate CA(s) below it, the chain has ${below}`,
      );
    }
  });
}

interface Search {
  checks: number;
  /** The failure found deepest in the search, reported when none passes. */
  failure?: { depth: number; error: IntotoError };
}

function record(search: Search, depth: number, error: unknown): void {
  if (!(error instanceof IntotoError)) throw error;
  if (search.failure === undefined || depth > search.failure.depth) {
    search.failure = { depth, error };
  }
}

function extend(
  chain: Certificate[],
  options: ChainOptions,
  search: Search,
): Certificate[] | undefined {
  const current = chain.at(-1)!;
  if (options.roots.some((root) => equalBytes(root.der, current.der))) {
    return chain;
  }
  const seen: Certificate[] = [];
  const candidates = [...options.roots, ...options.intermediates].filter(
    (candidate) => {
      if (!equalBytes(candidate.subject, current.issuer)) return false;
      const repeat = [...chain, ...seen].some((other) =>
        equalBytes(other.der, candidate.der)
      );
      if (!repeat) seen.push(candidate);
      return !repeat;
    },
  );
  const depth = chain.length;
  if (candidates.length === 0) {
    record(
      search,
      depth,
      certificateProblem(
        current,
        "issuer",
        `its issuer "${current.issuerText}" is none of the trusted root or intermediate CAs`,
      ),
    );
    return undefined;
  }
  if (chain.length >= MAX_CHAIN_LENGTH) {
    record(
      search,
      depth,
      certificateProblem(
        current,
        "issuer",
        `the chain is longer than ${MAX_CHAIN_LENGTH} certificates`,
      ),
    );
    return undefined;
  }
  for (const parent of candidates) {
    if (++search.checks > MAX_SIGNATURE_CHECKS) {
      record(
        search,
        Infinity,
        certificateProblem(
          current,
          "issuer",
          `no chain found within ${MAX_SIGNATURE_CHECKS} signature checks`,
        ),
      );
      return undefined;
    }
    const role = options.roots.includes(parent) ? "root" : "intermediate";
    const longer = [...chain, parent];
    try {
      const algorithm = current.signatureAlgorithm;
      if ("refused" in algorithm) {
        throw certificateProblem(
          current,
          "signature algorithm",
          algorithm.refused,
        );
      }
      if (
        !verifyCertificateSignature(
          algorithm,
          current.tbs,
          current.signature,
          parent.publicKey,
        )
      ) {
        throw certificateProblem(
          current,
          "signature",
          `its ${algorithm.name} signature does not verify with the key of ${
            describeCertificate(parent)
          }`,
        );
      }
      checkCertificate(parent, role, options.at, chain[0]!);
      checkPathLengths(longer);
    } catch (error) {
      record(search, depth, error);
      continue;
    }
    const found = extend(longer, options, search);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Finds a valid chain from a code-signing leaf to one of the roots.
 *
 * @param leaf The signer's certificate.
 * @param options The roots, the intermediates and the time.
 * @returns The chain, leaf first and a root last (only the leaf when the
 * leaf is itself a root).
 * @throws {IntotoError} `SIGNATURE_INVALID` naming the certificate (subject
 * and serial) and the check that failed; when several chains were tried, the
 * failure found furthest from the leaf.
 */
export function verifyCertificateChain(
  leaf: Certificate,
  options: ChainOptions,
): Certificate[] {
  checkCertificate(leaf, "leaf", options.at, leaf);
  const search: Search = { checks: 0 };
  const chain = extend([leaf], options, search);
  if (chain !== undefined) return chain;
  throw search.failure!.error;
}
