// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Who must have signed a Sigstore bundle: the certificate identity and
 * issuer, exact or by fully anchored regular expression, and GitHub's
 * Fulcio extensions (source repository, signer workflow).
 *
 * @module
 */

import { IntotoError } from "../../errors.ts";

/** GitHub Actions' OIDC issuer, the default for the GitHub shortcuts. */
export const GITHUB_ISSUER = "https://token.actions.githubusercontent.com";

/** A value compared exactly or by a regular expression over all of it. */
export type Match = { exact: string } | { pattern: string };

/** What a Fulcio certificate must say. */
export interface CertificatePolicy {
  /** The subject alternative name (URI or email). */
  identity?: Match;
  /** The OIDC issuer; default GitHub's when a GitHub shortcut is given. */
  issuer?: Match;
  /** `OWNER/NAME`: the Source Repository URI and Owner URI extensions. */
  repository?: string;
  /** `OWNER/NAME/PATH[@REF]`: the workflow the identity names. */
  signerWorkflow?: string;
}

/** The signer's certificate, as verification found it. */
export interface CertificateIdentity {
  /** The subject alternative name. */
  identity: string;
  /** The OIDC issuer extension, if any. */
  issuer: string | undefined;
  /** Fulcio extensions 1.3.6.1.4.1.57264.1.N as text, by N. */
  extensions: ReadonlyMap<number, string>;
}

/** Fulcio extension numbers under 1.3.6.1.4.1.57264.1. */
const SOURCE_REPOSITORY_URI = 12;
const SOURCE_REPOSITORY_OWNER_URI = 16;

/**
 * Compiles a fully anchored, case-sensitive regular expression.
 *
 * @param pattern The expression, matched against the whole value.
 * @param what What it matches, for messages.
 * @returns The expression.
 * @throws {IntotoError} `USAGE` when it does not compile.
 */
export function anchoredRegExp(pattern: string, what: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, "u");
  } catch (error) {
    throw new IntotoError(
      "USAGE",
      `The ${what} pattern "${pattern}" is not a valid regular expression: ${
        (error as Error).message
      }`,
    );
  }
}

/**
 * Whether a policy names a signer at all (an identity and an issuer, or a
 * GitHub shortcut, which implies GitHub's issuer).
 *
 * @param policy The policy.
 * @returns True when it does.
 */
export function namesSigner(policy: CertificatePolicy): boolean {
  const github = policy.repository !== undefined ||
    policy.signerWorkflow !== undefined;
  return (policy.identity !== undefined && policy.issuer !== undefined) ||
    github;
}

/**
 * Checks a verified certificate identity against the policy.
 *
 * @param policy The policy.
 * @param signer What the certificate says.
 * @returns Nothing.
 * @throws {IntotoError} `VERIFICATION_FAILED` naming the check.
 */
export function checkCertificatePolicy(
  policy: CertificatePolicy,
  signer: CertificateIdentity,
): void {
  const fail = (check: string, why: string) =>
    new IntotoError("VERIFICATION_FAILED", `${check} check failed: ${why}`);
  if (policy.identity !== undefined) {
    if (!matches(policy.identity, signer.identity, "identity")) {
      throw fail(
        "certificate identity",
        `the certificate names "${signer.identity}", not ${
          describe(policy.identity)
        }`,
      );
    }
  }
  const github = policy.repository !== undefined ||
    policy.signerWorkflow !== undefined;
  const issuer = policy.issuer ??
    (github ? { exact: GITHUB_ISSUER } : undefined);
  if (issuer !== undefined) {
    if (
      signer.issuer === undefined || !matches(issuer, signer.issuer, "issuer")
    ) {
      throw fail(
        "certificate issuer",
        `the certificate's OIDC issuer is ${
          signer.issuer === undefined ? "missing" : `"${signer.issuer}"`
        }, not ${describe(issuer)}`,
      );
    }
  }
  if (policy.repository !== undefined) {
    const wanted = `https://github.com/${policy.repository}`;
    const owner = wanted.slice(0, wanted.lastIndexOf("/"));
    const found = signer.extensions.get(SOURCE_REPOSITORY_URI);
    const foundOwner = signer.extensions.get(SOURCE_REPOSITORY_OWNER_URI);
    if (!sameText(found, wanted) || !sameText(foundOwner, owner)) {
      throw fail(
        "source repository",
        `the certificate's source repository is ${
          found === undefined ? "missing" : `"${found}"`
        }, not "${wanted}"`,
      );
    }
    if (policy.identity === undefined && policy.signerWorkflow === undefined) {
      if (
        !signer.identity.toLowerCase().startsWith(`${wanted}/`.toLowerCase())
      ) {
        throw fail(
          "signer repository",
          `the certificate names "${signer.identity}", a workflow outside "${wanted}" (name the signer workflow when a reusable workflow signs)`,
        );
      }
    }
  }
  if (policy.signerWorkflow !== undefined) {
    const wanted = `https://github.com/${policy.signerWorkflow}`;
    const ok = policy.signerWorkflow.includes("@")
      ? signer.identity === wanted
      : signer.identity.startsWith(`${wanted}@`);
    if (!ok) {
      throw fail(
        "signer workflow",
        `the certificate names "${signer.identity}", not the workflow "${wanted}"`,
      );
    }
  }
}

function matches(match: Match, value: string, what: string): boolean {
  return "exact" in match
    ? value === match.exact
    : anchoredRegExp(match.pattern, what).test(value);
}

function describe(match: Match): string {
  return "exact" in match
    ? `"${match.exact}"`
    : `one matching /^(?:${match.pattern})$/`;
}

function sameText(a: string | undefined, b: string): boolean {
  return a !== undefined && a.toLowerCase() === b.toLowerCase();
}

/**
 * Decodes a Fulcio extension value: a DER UTF8String for extensions 8 and
 * above, raw text before.
 *
 * @param number N of 1.3.6.1.4.1.57264.1.N.
 * @param value The raw extension value.
 * @returns The text, or undefined when malformed.
 */
export function extensionText(
  number: number,
  value: Uint8Array,
): string | undefined {
  if (number < 8) return new TextDecoder().decode(value);
  if (value[0] !== 0x0c || value.length < 2) return undefined;
  let length = value[1]!;
  let offset = 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count < 1 || count > 3 || value.length < 2 + count) return undefined;
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + value[2 + i]!;
    offset = 2 + count;
  }
  if (offset + length !== value.length) return undefined;
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(
      value.subarray(offset),
    );
  } catch {
    return undefined;
  }
}
