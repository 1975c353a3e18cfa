// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Real X.509 chains for the ITE-7 tests, made with openssl in a temporary
 * folder: a root, an intermediate (pathlen 0), SPIFFE leaves, and one leaf
 * for every way a certificate must be refused.
 *
 * @module
 */

import { join } from "node:path";
import { execute } from "./_helpers.ts";

/** The SPIFFE ID of the good leaves. */
export const BUILD_ID = "spiffe://example.org/ns/ci/build";

/** Extension sections for `openssl -extfile`, by name. */
const EXTENSIONS = `
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash

[inter]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[noca]
keyUsage = critical, keyCertSign, cRLSign

[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectAltName = URI:${BUILD_ID}

[other_uri]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectAltName = URI:spiffe://example.org/ns/ci/test

[two_uris]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectAltName = URI:${BUILD_ID}, URI:https://example.org/build

[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = URI:${BUILD_ID}

[critical]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning
subjectAltName = URI:${BUILD_ID}
1.3.6.1.4.1.55555.1 = critical, ASN1:NULL

[ca_section]
default_md = sha256
database = index.txt
new_certs_dir = .
serial = serial
policy = any
copy_extensions = none
unique_subject = no
[any]
commonName = supplied
organizationName = optional
`;

/** A certificate made for a test. */
export interface Issued {
  /** The certificate's PEM file. */
  cert: string;
  /** The private key's PKCS#8 PEM file. */
  key: string;
}

/** The chains of one test folder. */
export interface Pki {
  dir: string;
  root: Issued;
  intermediate: Issued;
  /** Good leaves under the intermediate: two keys, one identity. */
  build: Issued;
  build2: Issued;
  /** An Ed25519 leaf under the intermediate. */
  ed25519: Issued;
  /** A good leaf signed by the root directly. */
  direct: Issued;
  /** Valid from 2020-01-01 to 2021-01-01 only. */
  expired: Issued;
  /** Chains to another root. */
  foreign: Issued;
  /** Another SPIFFE ID: misses the URI constraint. */
  otherUri: Issued;
  /** A SPIFFE ID and a second URI. */
  twoUris: Issued;
  /** EKU serverAuth and clientAuth, no codeSigning. */
  server: Issued;
  /** Has an unknown critical extension. */
  critical: Issued;
  /** An RSA-1024 key. */
  rsa1024: Issued;
  /** Signed with SHA-1. */
  sha1: Issued;
  /** Issued by a "CA" without basicConstraints. */
  underNoCa: Issued;
  /** The CA without basicConstraints (under the root). */
  noCa: Issued;
  /** Issued by a CA under the intermediate, whose pathlen is 0. */
  tooDeep: Issued;
  /** That CA. */
  subIntermediate: Issued;
  /** The other root. */
  foreignRoot: Issued;
}

async function openssl(dir: string, args: string[]): Promise<void> {
  const result = await execute(["openssl", ...args], { cwd: dir });
  if (result.code !== 0) {
    throw new Error(`openssl ${args.join(" ")} failed: ${result.stderr}`);
  }
}

/** Makes a key: `ec` (P-256), `ed25519`, or `rsa:BITS`. */
async function newKey(dir: string, name: string, kind: string): Promise<void> {
  const args = kind === "ec"
    ? ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"]
    : kind === "ed25519"
    ? ["-algorithm", "ED25519"]
    : ["-algorithm", "RSA", "-pkeyopt", `rsa_keygen_bits:${kind.slice(4)}`];
  await openssl(dir, ["genpkey", ...args, "-out", `${name}.key`]);
}

/** How {@linkcode issue} makes a certificate. */
export interface IssueOptions {
  /** Its subject, as `-subj` takes it. */
  subject: string;
  /** The name of the issuing certificate in the folder; none: self-signed. */
  issuer?: string;
  /** Its section of the folder's `extensions.cnf`. */
  section: string;
  /** Its key: `ec` (default), `ed25519`, or `rsa:BITS`. */
  kind?: string;
  /** The signature's digest (default sha256). */
  digest?: string;
}

/**
 * Makes `<name>.key` and `<name>.pem` in `dir` with openssl.
 *
 * @param dir The folder, with an `extensions.cnf`.
 * @param name The files' name.
 * @param options Subject, issuer, extensions section, key and digest.
 */
export async function issue(
  dir: string,
  name: string,
  options: IssueOptions,
): Promise<void> {
  await newKey(dir, name, options.kind ?? "ec");
  const common = [
    "-extfile",
    "extensions.cnf",
    "-extensions",
    options.section,
    `-${options.digest ?? "sha256"}`,
    "-days",
    "3650",
    "-out",
    `${name}.pem`,
  ];
  await openssl(dir, [
    "req",
    "-new",
    "-key",
    `${name}.key`,
    "-subj",
    options.subject,
    "-out",
    `${name}.csr`,
  ]);
  if (options.issuer === undefined) {
    await openssl(dir, [
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-signkey",
      `${name}.key`,
      ...common,
    ]);
  } else {
    await openssl(dir, [
      "x509",
      "-req",
      "-in",
      `${name}.csr`,
      "-CA",
      `${options.issuer}.pem`,
      "-CAkey",
      `${options.issuer}.key`,
      "-set_serial",
      `0x${crypto.getRandomValues(new Uint8Array(8)).toHex()}`,
      ...common,
    ]);
  }
}

/** An already expired leaf, through `openssl ca`, which takes dates. */
async function issueExpired(dir: string, name: string, issuer: string) {
  await newKey(dir, name, "ec");
  await Deno.writeTextFile(join(dir, "index.txt"), "");
  await Deno.writeTextFile(join(dir, "serial"), "0A\n");
  await Deno.writeTextFile(
    join(dir, "ca.cnf"),
    `[ca]\ndefault_ca = ca_section\n${EXTENSIONS}`,
  );
  await openssl(dir, [
    "req",
    "-new",
    "-key",
    `${name}.key`,
    "-subj",
    "/CN=build.example.org/O=example",
    "-out",
    `${name}.csr`,
  ]);
  await openssl(dir, [
    "ca",
    "-batch",
    "-config",
    "ca.cnf",
    "-cert",
    `${issuer}.pem`,
    "-keyfile",
    `${issuer}.key`,
    "-in",
    `${name}.csr`,
    "-out",
    `${name}.pem`,
    "-extfile",
    "extensions.cnf",
    "-extensions",
    "leaf",
    "-startdate",
    "20200101000000Z",
    "-enddate",
    "20210101000000Z",
    "-notext",
  ]);
}

/**
 * Makes every chain in `dir`.
 *
 * @param dir An empty folder.
 * @returns The files.
 */
export async function makePki(dir: string): Promise<Pki> {
  await Deno.writeTextFile(join(dir, "extensions.cnf"), EXTENSIONS);
  const leafSubject = "/CN=build.example.org/O=example";
  await issue(dir, "root", {
    subject: "/CN=Test Root/O=example",
    section: "root",
  });
  await issue(dir, "foreign-root", {
    subject: "/CN=Test Root/O=example",
    section: "root",
  });
  await issue(dir, "intermediate", {
    subject: "/CN=Test Intermediate/O=example",
    issuer: "root",
    section: "inter",
  });
  await issue(dir, "no-ca", {
    subject: "/CN=Not A CA/O=example",
    issuer: "root",
    section: "noca",
  });
  await issue(dir, "sub-intermediate", {
    subject: "/CN=Test Sub Intermediate/O=example",
    issuer: "intermediate",
    section: "inter",
  });
  const leaves: [string, Partial<IssueOptions>][] = [
    ["build", {}],
    ["build2", {}],
    ["ed25519", { kind: "ed25519" }],
    ["direct", { issuer: "root" }],
    ["foreign", { issuer: "foreign-root" }],
    ["other-uri", { section: "other_uri" }],
    ["two-uris", { section: "two_uris" }],
    ["server", { section: "server" }],
    ["critical", { section: "critical" }],
    ["rsa1024", { kind: "rsa:1024" }],
    ["sha1", { digest: "sha1" }],
    ["under-no-ca", { issuer: "no-ca" }],
    ["too-deep", { issuer: "sub-intermediate" }],
  ];
  for (const [name, options] of leaves) {
    await issue(dir, name, {
      subject: leafSubject,
      issuer: "intermediate",
      section: "leaf",
      ...options,
    });
  }
  await issueExpired(dir, "expired", "intermediate");
  const files = (name: string): Issued => ({
    cert: join(dir, `${name}.pem`),
    key: join(dir, `${name}.key`),
  });
  return {
    dir,
    root: files("root"),
    intermediate: files("intermediate"),
    build: files("build"),
    build2: files("build2"),
    ed25519: files("ed25519"),
    direct: files("direct"),
    expired: files("expired"),
    foreign: files("foreign"),
    otherUri: files("other-uri"),
    twoUris: files("two-uris"),
    server: files("server"),
    critical: files("critical"),
    rsa1024: files("rsa1024"),
    sha1: files("sha1"),
    underNoCa: files("under-no-ca"),
    noCa: files("no-ca"),
    tooDeep: files("too-deep"),
    subIntermediate: files("sub-intermediate"),
    foreignRoot: files("foreign-root"),
  };
}
