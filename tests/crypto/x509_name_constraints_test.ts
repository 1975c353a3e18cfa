// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Name constraints of CAs bound the leaf's subject alternative names, as
 * Go's crypto/x509 (and so in-toto-golang) applies them: on openssl-made
 * chains, and on the matching rules themselves.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { tempDir } from "../_helpers.ts";
import { issue } from "../_x509.ts";
import {
  type Certificate,
  parseCertificatesPem,
} from "../../lib/crypto/x509/certificate.ts";
import { verifyCertificateChain } from "../../lib/crypto/x509/chain.ts";
import {
  type LeafNames,
  nameConstraintProblem,
  type NameConstraints,
  parseNameConstraints,
} from "../../lib/crypto/x509/name_constraints.ts";

const LEAF = `basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = codeSigning`;

const dir = await tempDir();
await Deno.writeTextFile(
  join(dir, "extensions.cnf"),
  `
[root]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign
nameConstraints = critical, permitted;URI:example.org, permitted;DNS:example.org, permitted;IP:10.0.0.0/255.0.0.0, excluded;DNS:bad.example.org

[dirname_critical]
basicConstraints = critical, CA:TRUE
nameConstraints = critical, permitted;dirName:dir_sect

[dirname_plain]
basicConstraints = critical, CA:TRUE
nameConstraints = permitted;dirName:dir_sect, permitted;URI:example.org

[dir_sect]
CN = Anything

[good]
${LEAF}
subjectAltName = URI:spiffe://example.org/ns/ci/build, DNS:build.example.org, IP:10.1.2.3

[other_uri]
${LEAF}
subjectAltName = URI:spiffe://example.com/ns/ci/build

[excluded_dns]
${LEAF}
subjectAltName = DNS:x.bad.example.org

[other_ip]
${LEAF}
subjectAltName = IP:192.168.0.1

[no_san]
${LEAF}
`,
);
const made = new Map<string, Certificate>();
for (
  const [name, section, issuer] of [
    ["root", "root", undefined],
    ["dirname-critical", "dirname_critical", undefined],
    ["dirname-plain", "dirname_plain", undefined],
    ["good", "good", "root"],
    ["other-uri", "other_uri", "root"],
    ["excluded-dns", "excluded_dns", "root"],
    ["other-ip", "other_ip", "root"],
    ["no-san", "no_san", "root"],
    ["under-critical", "good", "dirname-critical"],
    ["under-plain", "good", "dirname-plain"],
  ] as const
) {
  await issue(dir, name, {
    subject: `/CN=${name}/O=example`,
    section,
    ...(issuer === undefined ? {} : { issuer }),
  });
  const pem = await Deno.readTextFile(join(dir, `${name}.pem`));
  made.set(name, parseCertificatesPem(pem)[0]!);
}

function verify(leaf: string, root = "root"): Certificate[] {
  return verifyCertificateChain(made.get(leaf)!, {
    roots: [made.get(root)!],
    intermediates: [],
    at: new Date(),
  });
}

Deno.test("a leaf whose names lie within the root's constraints verifies", () => {
  assert.equal(verify("good").length, 2);
  // A leaf without subject alternative names is not constrained, as in Go.
  assert.equal(verify("no-san").length, 2);
});

Deno.test("a name outside the permitted ones, or excluded, fails the name constraints check", () => {
  for (
    const [leaf, detail] of [
      [
        "other-uri",
        /URI "spiffe:\/\/example\.com\/ns\/ci\/build" is not within the permitted "example\.org"/,
      ],
      [
        "excluded-dns",
        /DNS name "x\.bad\.example\.org" is excluded by "bad\.example\.org"/,
      ],
      [
        "other-ip",
        /IP address "192\.168\.0\.1" is not within the permitted "10\.0\.0\.0\/255\.0\.0\.0"/,
      ],
    ] as const
  ) {
    assert.throws(() => verify(leaf), (error: Error) => {
      assert.match(error.message, /CN=root.*fails the name constraints check/);
      assert.match(error.message, detail);
      assert.match(error.message, new RegExp(`for leaf "CN=${leaf}`));
      return true;
    });
  }
});

Deno.test("a directoryName constraint fails closed when critical and is ignored otherwise", () => {
  assert.throws(
    () => verify("under-critical", "dirname-critical"),
    /fails the name constraints check: it has a name constraint of a form that cannot be checked/,
  );
  assert.equal(verify("under-plain", "dirname-plain").length, 2);
});

const NONE = { dns: [], emails: [], uris: [], ips: [] };

function problem(
  permitted: Partial<NameConstraints["permitted"]>,
  leaf: Partial<LeafNames>,
  excluded: Partial<NameConstraints["excluded"]> = {},
): string | undefined {
  return nameConstraintProblem(
    {
      permitted: { ...NONE, ...permitted },
      excluded: { ...NONE, ...excluded },
      unsupported: false,
    },
    { dnsNames: [], emails: [], uris: [], ipAddresses: [], ...leaf },
  );
}

Deno.test("name constraints match domains, mailboxes and URI hosts as Go does", () => {
  // A domain matches itself and its subdomains; a leading dot only these.
  assert.equal(
    problem({ dns: ["Example.org"] }, { dnsNames: ["a.example.ORG"] }),
    undefined,
  );
  assert.equal(
    problem({ dns: ["example.org"] }, { dnsNames: ["example.org"] }),
    undefined,
  );
  assert.match(
    problem({ dns: [".example.org"] }, { dnsNames: ["example.org"] })!,
    /not within/,
  );
  assert.match(
    problem({ dns: ["example.org"] }, { dnsNames: ["badexample.org"] })!,
    /not within/,
  );
  // Mailboxes match exactly; hosts and domains match the address's domain.
  assert.equal(
    problem({ emails: ["ci@example.org"] }, { emails: ["ci@EXAMPLE.org"] }),
    undefined,
  );
  assert.match(
    problem({ emails: ["ci@example.org"] }, { emails: ["CI@example.org"] })!,
    /not within/,
  );
  assert.equal(
    problem({ emails: ["example.org"] }, { emails: ["a@b.example.org"] }),
    undefined,
  );
  // Excluded wins over permitted.
  assert.match(
    problem({ dns: ["example.org"] }, { dnsNames: ["x.example.org"] }, {
      dns: ["x.example.org"],
    })!,
    /excluded by "x\.example\.org"/,
  );
  // With URI constraints, a URI without a host name fails.
  assert.match(
    problem({ uris: ["example.org"] }, { uris: ["urn:uuid:1"] })!,
    /has no host name/,
  );
  assert.match(
    problem({ uris: ["example.org"] }, { uris: ["https://10.0.0.1/x"] })!,
    /has no host name/,
  );
  // Other forms are not constrained by a DNS constraint.
  assert.equal(
    problem({ dns: ["example.org"] }, { uris: ["spiffe://other.org/x"] }),
    undefined,
  );
});

Deno.test("a subtree with a maximum is refused as unreadable", () => {
  const name = [0x82, 0x05, ...new TextEncoder().encode("a.org")];
  // NameConstraints { permittedSubtrees [0] { GeneralSubtree { name, ... } } }
  const der = (subtree: number[]) =>
    new Uint8Array([
      0x30,
      subtree.length + 4,
      0xa0,
      subtree.length + 2,
      0x30,
      subtree.length,
      ...subtree,
    ]);
  assert.throws(
    () => parseNameConstraints(der([...name, 0x81, 0x01, 0x05])),
    /a subtree has a minimum or maximum/,
  );
  assert.deepEqual(parseNameConstraints(der(name)).permitted.dns, ["a.org"]);
});
