// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * X.509 name constraints (RFC 5280 4.2.1.10) as Go's `crypto/x509` applies
 * them, which in-toto-golang inherits: a CA's permitted and excluded DNS
 * names, email addresses, URI hosts and IP ranges bound the subject
 * alternative names of the leaf below it. A leaf without such names is not
 * constrained (the common name is never treated as a name). Other name
 * forms (directory names, ...) cannot be checked: in a critical extension
 * they make the certificate unusable, in a non-critical one they are
 * ignored, as Go does.
 *
 * @module
 */

import { DerReader } from "../der.ts";
import { IntotoError } from "../../errors.ts";

/** One IP range: an address and its mask, both 4 or 16 bytes. */
export interface IpRange {
  /** The network address. */
  address: Uint8Array;
  /** The mask. */
  mask: Uint8Array;
}

/** Names of the forms that can be checked. */
export interface ConstrainedNames {
  /** DNS names or domains (a leading `.`: proper subdomains only). */
  dns: string[];
  /** Mailboxes (with `@`), hosts, or domains (a leading `.`). */
  emails: string[];
  /** URI hosts or domains (a leading `.`). */
  uris: string[];
  /** IP ranges. */
  ips: IpRange[];
}

/** A CA's name constraints. */
export interface NameConstraints {
  /** When a form has entries, every name of that form must match one. */
  permitted: ConstrainedNames;
  /** No name may match one of these. */
  excluded: ConstrainedNames;
  /** Whether it had a name form that cannot be checked. */
  unsupported: boolean;
}

/** The names of a leaf that name constraints apply to. */
export interface LeafNames {
  /** SAN DNS names. */
  dnsNames: readonly string[];
  /** SAN email addresses. */
  emails: readonly string[];
  /** SAN URIs. */
  uris: readonly string[];
  /** SAN IP addresses, 4 or 16 bytes each. */
  ipAddresses: readonly Uint8Array[];
}

function fail(message: string): never {
  throw new IntotoError(
    "INVALID_KEY",
    `Cannot read certificate: name constraints: ${message}`,
  );
}

function latin1(bytes: Uint8Array): string {
  if (bytes.some((byte) => byte < 0x20 || byte > 0x7e)) {
    fail("a name is not printable ASCII");
  }
  return new TextDecoder("latin1").decode(bytes);
}

function emptyNames(): ConstrainedNames {
  return { dns: [], emails: [], uris: [], ips: [] };
}

/**
 * Reads the value of a nameConstraints extension.
 *
 * @param value The extension's DER value.
 * @returns The constraints.
 * @throws {IntotoError} `INVALID_KEY` when it does not parse.
 */
export function parseNameConstraints(value: Uint8Array): NameConstraints {
  const result: NameConstraints = {
    permitted: emptyNames(),
    excluded: emptyNames(),
    unsupported: false,
  };
  const body = new DerReader(value).sequence();
  while (!body.done) {
    const { tag, content } = body.element();
    if (tag !== 0xa0 && tag !== 0xa1) {
      fail(`unexpected tag 0x${tag.toString(16)}`);
    }
    const names = tag === 0xa0 ? result.permitted : result.excluded;
    const subtrees = new DerReader(content);
    while (!subtrees.done) {
      const subtree = subtrees.sequence();
      const base = subtree.element();
      if (!subtree.done) {
        fail("a subtree has a minimum or maximum, which RFC 5280 forbids");
      }
      switch (base.tag) {
        case 0x81:
          names.emails.push(latin1(base.content));
          break;
        case 0x82:
          names.dns.push(latin1(base.content));
          break;
        case 0x86:
          names.uris.push(latin1(base.content));
          break;
        case 0x87: {
          const half = base.content.length / 2;
          if (half !== 4 && half !== 16) {
            fail("an IP range is not 8 or 32 bytes");
          }
          names.ips.push({
            address: base.content.slice(0, half),
            mask: base.content.slice(half),
          });
          break;
        }
        default:
          result.unsupported = true;
      }
    }
  }
  return result;
}

/**
 * Whether `domain` lies in `constraint`, as Go matches: labels compare
 * case-insensitively, a constraint matches itself and its subdomains, a
 * leading `.` only proper subdomains, and an empty one everything.
 */
function inDomain(domain: string, constraint: string): boolean {
  if (constraint === "") return true;
  const proper = constraint.startsWith(".");
  const want = (proper ? constraint.slice(1) : constraint).toLowerCase()
    .split(".").reverse();
  const have = domain.toLowerCase().split(".").reverse();
  if (have.length < want.length || (proper && have.length === want.length)) {
    return false;
  }
  return want.every((label, index) => label === have[index]);
}

function emailMatches(email: string, constraint: string): boolean {
  const at = email.lastIndexOf("@");
  if (constraint.includes("@")) {
    const split = constraint.lastIndexOf("@");
    return email.slice(0, at) === constraint.slice(0, split) &&
      email.slice(at + 1).toLowerCase() ===
        constraint.slice(split + 1).toLowerCase();
  }
  return inDomain(email.slice(at + 1), constraint);
}

/** The host of a URI, or undefined when it has none or an IP literal. */
function uriHost(uri: string): string | undefined {
  let host: string;
  try {
    host = new URL(uri).hostname;
  } catch {
    return undefined;
  }
  if (host === "" || host.startsWith("[") || /^[0-9.]+$/.test(host)) {
    return undefined;
  }
  return host;
}

function ipMatches(address: Uint8Array, range: IpRange): boolean {
  return address.length === range.address.length &&
    address.every((byte, index) =>
      (byte & range.mask[index]!) ===
        (range.address[index]! & range.mask[index]!)
    );
}

/**
 * An IP address for people: dotted IPv4, or IPv6 as 32 hex digits.
 *
 * @param address 4 or 16 bytes.
 * @returns The text.
 */
export function formatIpAddress(address: Uint8Array): string {
  return address.length === 4
    ? [...address].join(".")
    : [...address].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * Why a leaf's names break a CA's constraints, or undefined when they do
 * not.
 *
 * @param constraints The CA's name constraints.
 * @param leaf The leaf's subject alternative names.
 * @returns One sentence naming the name and the constraint, or undefined.
 */
export function nameConstraintProblem(
  constraints: NameConstraints,
  leaf: LeafNames,
): string | undefined {
  if (constraints.unsupported) {
    return "it has a name constraint of a form that cannot be checked";
  }
  const { permitted, excluded } = constraints;
  if (permitted.uris.length + excluded.uris.length > 0) {
    const hostless = leaf.uris.find((uri) => uriHost(uri) === undefined);
    if (hostless !== undefined) {
      return `URI "${hostless}" has no host name to check against the URI constraints`;
    }
  }
  const text = (value: string) => value;
  return checkForm("DNS name", leaf.dnsNames, permitted.dns, excluded.dns, {
    matches: inDomain,
    show: text,
    showConstraint: text,
  }) ??
    checkForm("email", leaf.emails, permitted.emails, excluded.emails, {
      matches: emailMatches,
      show: text,
      showConstraint: text,
    }) ??
    checkForm("URI", leaf.uris, permitted.uris, excluded.uris, {
      matches: (uri, constraint) => inDomain(uriHost(uri)!, constraint),
      show: text,
      showConstraint: text,
    }) ??
    checkForm("IP address", leaf.ipAddresses, permitted.ips, excluded.ips, {
      matches: ipMatches,
      show: formatIpAddress,
      showConstraint: (range) =>
        `${formatIpAddress(range.address)}/${formatIpAddress(range.mask)}`,
    });
}

/** Excluded first: no name may match one; then each must match a permit. */
function checkForm<Name, Constraint>(
  what: string,
  names: readonly Name[],
  permitted: readonly Constraint[],
  excluded: readonly Constraint[],
  form: {
    matches: (name: Name, constraint: Constraint) => boolean;
    show: (name: Name) => string;
    showConstraint: (constraint: Constraint) => string;
  },
): string | undefined {
  const quote = (constraint: Constraint) =>
    JSON.stringify(form.showConstraint(constraint));
  for (const name of names) {
    const hit = excluded.find((constraint) => form.matches(name, constraint));
    if (hit !== undefined) {
      return `${what} "${form.show(name)}" is excluded by ${quote(hit)}`;
    }
    if (
      permitted.length > 0 &&
      !permitted.some((constraint) => form.matches(name, constraint))
    ) {
      return `${what} "${form.show(name)}" is not within the permitted ${
        permitted.map(quote).join(", ")
      }`;
    }
  }
  return undefined;
}
