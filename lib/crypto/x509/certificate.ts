// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * X.509 certificates (RFC 5280), read strictly with the in-house DER reader:
 * the fields chain building and ITE-7 constraints need, and nothing more.
 * Unknown non-critical extensions are skipped; unknown critical ones are
 * listed in `unhandledCritical` for the chain check to refuse.
 *
 * @module
 */

import { Buffer } from "node:buffer";
import { IntotoError } from "../../errors.ts";
import { DerReader, readSequence, TAG } from "../der.ts";
import { decodePemBlocks, encodePem } from "../pem.ts";
import { equalBytes, parseSpki, type PublicKeyInfo } from "../pkcs.ts";
import {
  type NameConstraints,
  parseNameConstraints,
} from "./name_constraints.ts";
import {
  parseSignatureAlgorithm,
  type SignatureAlgorithm,
} from "./algorithm.ts";

/** A parsed certificate. */
export interface Certificate {
  /** The whole DER encoding. */
  der: Uint8Array;
  /** The signed part (TBSCertificate), as encoded. */
  tbs: Uint8Array;
  /** The serial number in lowercase hex (no sign byte). */
  serial: string;
  /**
   * How the issuer signed it, or why that algorithm is refused (SHA-1, MD5,
   * unknown): the chain check reports it, a root's self-signature is never
   * checked.
   */
  signatureAlgorithm: SignatureAlgorithm | { refused: string };
  /** The issuer's signature over `tbs`. */
  signature: Uint8Array;
  /** The issuer's name, as encoded (compared byte for byte). */
  issuer: Uint8Array;
  /** The subject's name, as encoded. */
  subject: Uint8Array;
  /** The subject for people: `CN=a, O=b` in the certificate's order. */
  subjectText: string;
  /** The issuer for people. */
  issuerText: string;
  /** The last common name of the subject, as Go reads it. */
  commonName: string | undefined;
  /** Every organization of the subject, in order. */
  organizations: string[];
  /** Start of validity. */
  notBefore: Date;
  /** End of validity (inclusive). */
  notAfter: Date;
  /** The subject's public key (RSA under 2048 bits is refused). */
  publicKey: PublicKeyInfo;
  /** basicConstraints: whether it is a CA; undefined when absent. */
  ca: boolean | undefined;
  /** basicConstraints' pathLenConstraint, when given. */
  pathLength: number | undefined;
  /** keyUsage bits (0 = digitalSignature, 5 = keyCertSign); undefined when absent. */
  keyUsage: ReadonlySet<number> | undefined;
  /** extendedKeyUsage OIDs; undefined when absent. */
  extendedKeyUsage: string[] | undefined;
  /** Subject alternative names. */
  dnsNames: string[];
  /** rfc822Name entries. */
  emails: string[];
  /** uniformResourceIdentifier entries, as written. */
  uris: string[];
  /** iPAddress entries, 4 or 16 bytes each. */
  ipAddresses: Uint8Array[];
  /** A CA's nameConstraints, when it has the extension. */
  nameConstraints: NameConstraints | undefined;
  /** OIDs of critical extensions this reader does not process. */
  unhandledCritical: string[];
  /**
   * The raw values of the extensions this reader does not process, by OID,
   * such as Fulcio's OIDC issuer (for people; nothing checks them).
   */
  otherExtensions: ReadonlyMap<string, Uint8Array>;
}

/** Names of the common extended key usages, by OID. */
export const EXTENDED_KEY_USAGE_NAMES: ReadonlyMap<string, string> = new Map([
  ["1.3.6.1.5.5.7.3.1", "serverAuth"],
  ["1.3.6.1.5.5.7.3.2", "clientAuth"],
  ["1.3.6.1.5.5.7.3.3", "codeSigning"],
  ["1.3.6.1.5.5.7.3.4", "emailProtection"],
  ["1.3.6.1.5.5.7.3.8", "timeStamping"],
  ["1.3.6.1.5.5.7.3.9", "OCSPSigning"],
  ["2.5.29.37.0", "anyExtendedKeyUsage"],
]);

/** The code-signing extended key usage (RFC 5280 4.2.1.12). */
export const CODE_SIGNING_EKU = "1.3.6.1.5.5.7.3.3";

/** keyUsage bit numbers (RFC 5280 4.2.1.3). */
export const KEY_USAGE = { digitalSignature: 0, keyCertSign: 5 } as const;

const OID = {
  commonName: "2.5.4.3",
  organization: "2.5.4.10",
  keyUsage: "2.5.29.15",
  basicConstraints: "2.5.29.19",
  subjectAltName: "2.5.29.17",
  extendedKeyUsage: "2.5.29.37",
  nameConstraints: "2.5.29.30",
} as const;

/**
 * Extensions read for information only, whose presence changes nothing
 * here: key identifiers, CRL distribution points, authority information
 * access, and certificate policies (no policy is required).
 */
const INFORMATIONAL = new Set([
  "2.5.29.14",
  "2.5.29.35",
  "2.5.29.31",
  "1.3.6.1.5.5.7.1.1",
  "2.5.29.32",
]);

/** Short names of attribute types, for messages. */
const ATTRIBUTE_NAMES: ReadonlyMap<string, string> = new Map([
  ["2.5.4.3", "CN"],
  ["2.5.4.6", "C"],
  ["2.5.4.7", "L"],
  ["2.5.4.8", "ST"],
  ["2.5.4.10", "O"],
  ["2.5.4.11", "OU"],
  ["2.5.4.5", "serialNumber"],
  ["1.2.840.113549.1.9.1", "emailAddress"],
  ["0.9.2342.19200300.100.1.25", "DC"],
]);

const STRING_TAGS = {
  utf8: 0x0c,
  printable: 0x13,
  teletex: 0x14,
  ia5: 0x16,
  universal: 0x1c,
  bmp: 0x1e,
} as const;

function fail(detail: string): never {
  throw new IntotoError("INVALID_KEY", detail);
}

function utf8(content: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    fail("a name is not valid UTF-8");
  }
}

function decodeString(tag: number, content: Uint8Array): string {
  switch (tag) {
    case STRING_TAGS.utf8:
      return utf8(content);
    case STRING_TAGS.printable:
    case STRING_TAGS.ia5:
      if (content.some((byte) => byte > 0x7f)) fail("a name is not ASCII");
      return new TextDecoder("latin1").decode(content);
    case STRING_TAGS.teletex:
      return new TextDecoder("latin1").decode(content);
    case STRING_TAGS.bmp:
      if (content.length % 2 !== 0) fail("a BMPString has an odd length");
      return new TextDecoder("utf-16be").decode(content);
    case STRING_TAGS.universal: {
      if (content.length % 4 !== 0) fail("a UniversalString is misaligned");
      const view = new DataView(content.buffer, content.byteOffset);
      let text = "";
      for (let i = 0; i < content.length; i += 4) {
        text += String.fromCodePoint(view.getUint32(i));
      }
      return text;
    }
    default:
      return `#${Buffer.from(content).toString("hex")}`;
  }
}

interface Name {
  encoded: Uint8Array;
  attributes: { type: string; value: string }[];
}

function readName(reader: DerReader): Name {
  const encoded = reader.raw();
  const attributes: Name["attributes"] = [];
  const sets = readSequence(encoded);
  while (!sets.done) {
    const set = new DerReader(sets.expect(0x31, "SET"));
    while (!set.done) {
      const pair = set.sequence();
      const type = pair.oid();
      const { tag, content } = pair.element();
      pair.end();
      attributes.push({ type, value: decodeString(tag, content) });
    }
  }
  return { encoded, attributes };
}

function nameText(name: Name): string {
  if (name.attributes.length === 0) return "(empty)";
  return name.attributes.map(({ type, value }) =>
    `${ATTRIBUTE_NAMES.get(type) ?? type}=${value}`
  ).join(", ");
}

const TIME = /^(\d{2}|\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;

function readTime(reader: DerReader): Date {
  const { tag, content } = reader.element();
  const text = new TextDecoder("latin1").decode(content);
  const match = TIME.exec(text);
  const utc = tag === 0x17 && match?.[1]?.length === 2;
  const generalized = tag === 0x18 && match?.[1]?.length === 4;
  if (!match || !(utc || generalized)) fail(`malformed time "${text}"`);
  const [, year, month, day, hour, minute, second] = match.map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const fullYear = utc ? (year < 50 ? 2000 + year : 1900 + year) : year;
  const date = new Date(
    Date.UTC(fullYear, month - 1, day, hour, minute, second),
  );
  if (
    date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day ||
    hour > 23 || minute > 59 || second > 59
  ) {
    fail(`invalid time "${text}"`);
  }
  return date;
}

/** The bits of a BIT STRING's content, such as keyUsage. */
function readBits(content: Uint8Array): Set<number> {
  const unused = content[0];
  if (unused === undefined || unused > 7) fail("malformed BIT STRING");
  const bits = new Set<number>();
  for (let i = 1; i < content.length; i++) {
    for (let bit = 0; bit < 8; bit++) {
      if (content[i]! & (0x80 >> bit)) bits.add((i - 1) * 8 + bit);
    }
  }
  return bits;
}

function ascii(content: Uint8Array, what: string): string {
  if (content.some((byte) => byte < 0x20 || byte > 0x7e)) {
    fail(`a ${what} subject alternative name is not printable ASCII`);
  }
  return new TextDecoder("latin1").decode(content);
}

type Extensions = Pick<
  Certificate,
  | "ca"
  | "pathLength"
  | "keyUsage"
  | "extendedKeyUsage"
  | "dnsNames"
  | "emails"
  | "uris"
  | "ipAddresses"
  | "nameConstraints"
  | "unhandledCritical"
  | "otherExtensions"
>;

function readExtensions(content: Uint8Array | undefined): Extensions {
  const result: Extensions = {
    ca: undefined,
    pathLength: undefined,
    keyUsage: undefined,
    extendedKeyUsage: undefined,
    dnsNames: [],
    emails: [],
    uris: [],
    ipAddresses: [],
    nameConstraints: undefined,
    unhandledCritical: [],
    otherExtensions: new Map(),
  };
  const others = result.otherExtensions as Map<string, Uint8Array>;
  if (content === undefined) return result;
  const list = readSequence(content);
  const seen = new Set<string>();
  while (!list.done) {
    const extension = list.sequence();
    const oid = extension.oid();
    if (seen.has(oid)) fail(`extension ${oid} appears twice`);
    seen.add(oid);
    let critical = false;
    if (extension.peekTag() === 0x01) {
      const value = extension.expect(0x01, "BOOLEAN");
      if (value.length !== 1) fail("malformed BOOLEAN");
      critical = value[0] !== 0;
    }
    const value = extension.octetString();
    extension.end();
    switch (oid) {
      case OID.keyUsage:
        result.keyUsage = readBits(
          new DerReader(value).expect(TAG.bitString, "BIT STRING"),
        );
        break;
      case OID.basicConstraints: {
        const body = readSequence(value);
        result.ca = false;
        if (body.peekTag() === 0x01) {
          const flag = body.expect(0x01, "BOOLEAN");
          result.ca = flag.length === 1 && flag[0] !== 0;
        }
        if (!body.done) result.pathLength = body.smallInteger();
        body.end();
        break;
      }
      case OID.extendedKeyUsage: {
        const body = readSequence(value);
        result.extendedKeyUsage = [];
        while (!body.done) result.extendedKeyUsage.push(body.oid());
        break;
      }
      case OID.subjectAltName: {
        const body = readSequence(value);
        while (!body.done) {
          const { tag, content: name } = body.element();
          if (tag === 0x81) result.emails.push(ascii(name, "email"));
          else if (tag === 0x82) result.dnsNames.push(ascii(name, "DNS"));
          else if (tag === 0x86) result.uris.push(ascii(name, "URI"));
          else if (tag === 0x87) result.ipAddresses.push(name.slice());
        }
        break;
      }
      case OID.nameConstraints: {
        const constraints = parseNameConstraints(value);
        // As Go: forms it cannot check matter only in a critical extension.
        if (!critical) constraints.unsupported = false;
        result.nameConstraints = constraints;
        break;
      }
      default:
        if (critical && !INFORMATIONAL.has(oid)) {
          result.unhandledCritical.push(oid);
        }
        others.set(oid, value);
    }
  }
  return result;
}

/**
 * Parses one DER certificate.
 *
 * @param der The encoding.
 * @returns The certificate.
 * @throws {IntotoError} `INVALID_KEY` when it is malformed, has a negative
 * serial, duplicate extensions, a key intoto cannot use (RSA under 2048
 * bits, an unknown curve) or an unknown signature algorithm; once the
 * subject is read, the message names it.
 */
export function parseCertificate(der: Uint8Array): Certificate {
  const outer = readSequence(der);
  const tbs = outer.raw();
  const signatureAlgorithmDer = outer.raw();
  const signatureBits = outer.expect(TAG.bitString, "BIT STRING");
  outer.end();
  if (signatureBits[0] !== 0) fail("the signature has unused bits");
  const body = readSequence(tbs);
  if (body.peekTag() === TAG.context0) {
    const version = new DerReader(body.expect(TAG.context0, "version"));
    const number = version.smallInteger();
    version.end();
    if (number !== 2) fail(`unsupported certificate version ${number + 1}`);
  }
  const serialBytes = body.expect(TAG.integer, "INTEGER");
  if (serialBytes.length === 0) fail("empty serial number");
  if (serialBytes[0]! & 0x80) fail("negative serial number");
  const serial = Buffer.from(
    serialBytes[0] === 0 && serialBytes.length > 1
      ? serialBytes.subarray(1)
      : serialBytes,
  ).toString("hex");
  const innerAlgorithm = body.raw();
  const issuer = readName(body);
  const validity = body.sequence();
  const notBefore = readTime(validity);
  const notAfter = readTime(validity);
  validity.end();
  const subject = readName(body);
  const subjectText = nameText(subject);
  const named = <T>(check: string, read: () => T): T => {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof IntotoError)) throw error;
      throw new IntotoError(
        error.code,
        `certificate ${
          describe(subjectText, serial)
        } fails the ${check} check: ${error.message}`,
        { cause: error },
      );
    }
  };
  const spki = body.raw();
  const publicKey = named("public key", () => parseSpki(spki));
  if (body.peekTag() === 0x81) body.element();
  if (body.peekTag() === 0x82) body.element();
  let extensions: Uint8Array | undefined;
  if (body.peekTag() === 0xa3) {
    const wrapper = new DerReader(body.expect(0xa3, "extensions"));
    extensions = wrapper.raw();
    wrapper.end();
  }
  body.end();
  if (!equalBytes(innerAlgorithm, signatureAlgorithmDer)) {
    named("signature algorithm", () => fail("its two algorithm fields differ"));
  }
  let signatureAlgorithm: Certificate["signatureAlgorithm"];
  try {
    signatureAlgorithm = parseSignatureAlgorithm(signatureAlgorithmDer);
  } catch (error) {
    if (!(error instanceof IntotoError)) throw error;
    signatureAlgorithm = { refused: error.message };
  }
  const values = (type: string) =>
    subject.attributes.filter((item) => item.type === type).map((item) =>
      item.value
    );
  return {
    der,
    tbs,
    serial,
    signatureAlgorithm,
    signature: signatureBits.subarray(1),
    issuer: issuer.encoded,
    subject: subject.encoded,
    subjectText,
    issuerText: nameText(issuer),
    commonName: values(OID.commonName).at(-1),
    organizations: values(OID.organization),
    notBefore,
    notAfter,
    publicKey,
    ...named("extensions", () => readExtensions(extensions)),
  };
}

function describe(subject: string, serial: string): string {
  return `"${subject}" (serial ${serial})`;
}

/**
 * How messages name a certificate: its subject and serial number.
 *
 * @param certificate The certificate.
 * @returns Such as `"CN=a, O=b" (serial 3f0b…)`.
 */
export function describeCertificate(certificate: Certificate): string {
  return describe(certificate.subjectText, certificate.serial);
}

/**
 * Parses the certificates of a PEM text (a chain: leaf first).
 *
 * @param text PEM: one or more `CERTIFICATE` blocks and nothing else.
 * @returns The certificates, in order.
 * @throws {IntotoError} `INVALID_KEY` for no block, a block of another
 * kind, or a certificate {@linkcode parseCertificate} refuses.
 */
export function parseCertificatesPem(text: string): Certificate[] {
  return decodePemBlocks(text).map((block, index) => {
    if (block.label !== "CERTIFICATE") {
      fail(
        `PEM block ${index + 1} is "${block.label}", not "CERTIFICATE"`,
      );
    }
    return parseCertificate(block.der);
  });
}

/**
 * The PEM text of a certificate, with 64-character lines.
 *
 * @param certificate The certificate.
 * @returns Its PEM.
 */
export function certificatePem(certificate: Certificate): string {
  return encodePem("CERTIFICATE", certificate.der);
}
