// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * SPIFFE IDs (`spiffe://trust-domain/path`, SPIFFE-ID specification): a
 * lowercase trust domain of letters, digits, `.`, `-` and `_`, then path
 * segments of letters, digits, `.`, `-` and `_` that are neither empty nor
 * `.` or `..`; no port, user, query or fragment; at most 2048 bytes.
 *
 * @module
 */

const SPIFFE_ID = /^spiffe:\/\/([a-z0-9._-]+)((?:\/[A-Za-z0-9._-]+)*)$/;

/** The longest SPIFFE ID the specification allows, in bytes. */
const MAX_LENGTH = 2048;

/**
 * Whether a URI claims to be a SPIFFE ID (its scheme is `spiffe`, in any
 * case).
 *
 * @param uri A URI.
 * @returns True for `spiffe:` URIs.
 */
export function isSpiffeUri(uri: string): boolean {
  return /^spiffe:/i.test(uri);
}

/**
 * What is wrong with a SPIFFE ID.
 *
 * @param uri A `spiffe:` URI.
 * @returns Undefined when it is well-formed, else the problem.
 *
 * @example Usage
 * ```ts
 * import { spiffeIdProblem } from "./spiffe.ts";
 * import assert from "node:assert/strict";
 * assert.equal(spiffeIdProblem("spiffe://example.org/ns/prod/sa/web"), undefined);
 * assert.match(spiffeIdProblem("spiffe://Example.org/a")!, /trust domain/);
 * ```
 */
export function spiffeIdProblem(uri: string): string | undefined {
  if (uri.length > MAX_LENGTH) return `longer than ${MAX_LENGTH} bytes`;
  const match = SPIFFE_ID.exec(uri);
  if (match === null) {
    if (!uri.startsWith("spiffe://")) return `the scheme must be "spiffe://"`;
    const domain = uri.slice("spiffe://".length).split("/")[0]!;
    if (!/^[a-z0-9._-]+$/.test(domain)) {
      return `the trust domain "${domain}" must be lowercase letters, digits, ".", "-" or "_" (no port, user or empty name)`;
    }
    return 'the path must be segments of letters, digits, ".", "-" or "_", with no query, fragment or trailing "/"';
  }
  const segments = match[2]!.split("/").slice(1);
  if (segments.some((segment) => segment === "." || segment === "..")) {
    return `the path has a "." or ".." segment`;
  }
  return undefined;
}
