// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto show`'s text: a file read by `readShown` as lines for a person,
 * each layer (bundle, envelope) with who signed it, then the document
 * (layout, link, Statement). Pure: the time is given, nothing is read.
 *
 * @module
 */

import type { Certificate } from "../crypto/x509/certificate.ts";
import type { PublicKey } from "../crypto/key.ts";
import type { JsonValue } from "../json/parse.ts";
import type { CertificateAuthority } from "../model/certificate_authority.ts";
import { authorityCertificates } from "../model/certificate_authority.ts";
import { parseExpires } from "../model/date.ts";
import type { Inspection, Layout, RuleTokens, Step } from "../model/layout.ts";
import type { ArtifactMap, DigestSet, Link } from "../model/link.ts";
import { formatRule } from "../model/rule.ts";
import type { Statement } from "../model/statement.ts";
import type { BundleLayer } from "./show_bundle.ts";
import {
  type EnvelopeLayer,
  layerName,
  type Shown,
  type ShownDocument,
  type ShownSignature,
} from "./show_document.ts";
import { oneLine } from "./output.ts";

/** Options of {@linkcode renderShown}. */
export interface RenderOptions {
  /** The time expiry is measured from. */
  now: Date;
}

/** Most lines of a predicate's compact view. */
export const PREDICATE_LINES = 40;
/** Most characters of one value or byproduct shown. */
export const VALUE_CHARS = 100;

const INDENT = "  ";
const DAY = 24 * 60 * 60 * 1000;

/**
 * The lines `intoto show` prints for a file, control characters escaped.
 *
 * @param shown The file, its signatures checked or not.
 * @param options The current time.
 * @returns The lines, without newlines.
 *
 * @example Usage
 * ```ts
 * import { readShown } from "./show_document.ts";
 * import { renderShown } from "./show_render.ts";
 * import assert from "node:assert/strict";
 * const link = JSON.stringify({ _type: "link", name: "build",
 *   command: ["make"], materials: {}, products: {}, byproducts: {},
 *   environment: {} });
 * const lines = renderShown(
 *   readShown(new TextEncoder().encode(link), "build.json"),
 *   { now: new Date() },
 * );
 * assert.equal(lines[0], "build.json: unsigned link");
 * assert.ok(lines.includes("  command: make"));
 * ```
 */
export function renderShown(shown: Shown, options: RenderOptions): string[] {
  const lines = [`${shown.source}: ${summary(shown)}`];
  // What signs a bundle's envelope: the bundle's key or certificate.
  let bundleSigner: string | undefined;
  for (const layer of shown.layers) {
    if (layer.kind === "bundle") {
      bundleSigner = layer.material.kind === "publicKey"
        ? "the bundle's public key"
        : "the bundle's certificate";
      lines.push(...bundleLines(layer));
    } else {
      lines.push(
        ...envelopeLines(layer, layer.inBundle ? bundleSigner : undefined),
      );
    }
  }
  if (shown.document !== undefined) {
    lines.push(...documentLines(shown.document, options));
  }
  return lines.map(oneLine);
}

/** Such as `layout in a metablock` or `unsigned link`. */
function summary(shown: Shown): string {
  const what = shown.document === undefined
    ? "signature over a file"
    : documentName(shown.document);
  if (shown.layers.length === 0) return `unsigned ${what}`;
  const wrappers = shown.layers.slice().reverse().map((layer) =>
    layer.kind === "bundle" ? "a Sigstore bundle" : `a ${layerName(layer.kind)}`
  );
  return `${what} in ${wrappers.join(" in ")}`;
}

function documentName(document: ShownDocument): string {
  switch (document.kind) {
    case "layout":
      return "layout";
    case "link":
      return "link";
    case "statement":
      return document.link === undefined
        ? "in-toto Statement"
        : "in-toto Statement (link attestation)";
  }
}

function bundleLines(layer: BundleLayer): string[] {
  const lines = [`Sigstore bundle ${layer.mediaType}`];
  const material = layer.material;
  if (material.kind === "publicKey") {
    lines.push(`${INDENT}signed by a public key (hint "${material.hint}")`);
  } else if (material.kind === "certificate-unreadable") {
    lines.push(
      `${INDENT}signed by a certificate intoto cannot read: ${material.problem}`,
    );
  } else {
    const [leaf, ...others] = material.certificates;
    lines.push(`${INDENT}signed by certificate:`);
    lines.push(
      ...certificateLines(leaf!).map((line) => INDENT.repeat(2) + line),
    );
    if (material.oidcIssuer !== undefined) {
      lines.push(`${INDENT.repeat(2)}OIDC issuer: ${material.oidcIssuer}`);
    }
    if (others.length > 0) {
      lines.push(
        `${INDENT.repeat(2)}with ${others.length} more certificate(s): ${
          others.map((certificate) => certificate.subjectText).join("; ")
        }`,
      );
    }
  }
  lines.push(`${INDENT}transparency log entries: ${count(layer.tlogEntries)}`);
  for (const entry of layer.tlogEntries) {
    const facts = [
      entry.kind,
      ...(entry.integratedTime === undefined
        ? []
        : [`integrated ${entry.integratedTime}`]),
      ...(entry.inclusionProof ? ["inclusion proof"] : []),
      ...(entry.inclusionPromise ? ["signed entry timestamp"] : []),
    ];
    lines.push(
      `${INDENT.repeat(2)}log index ${entry.logIndex}: ${facts.join(", ")}`,
    );
  }
  lines.push(`${INDENT}RFC 3161 timestamps: ${layer.rfc3161Timestamps}`);
  if (layer.content === "dsse") {
    lines.push(`${INDENT}content: a DSSE envelope (below)`);
  } else {
    lines.push(
      `${INDENT}content: a signature over a file with ${
        layer.messageDigest ?? "an unknown digest"
      } (not checked: it needs the file)`,
    );
  }
  lines.push(
    `${INDENT}not checked here: the certificate chain, the log entries and the timestamps (use "intoto attest verify --bundle")`,
  );
  return lines;
}

/** Subject, alternative names, issuer and validity of a certificate. */
function certificateLines(certificate: Certificate): string[] {
  const names = [
    ...certificate.uris.map((uri) => `URI ${uri}`),
    ...certificate.emails.map((email) => `email ${email}`),
    ...certificate.dnsNames.map((name) => `DNS ${name}`),
  ];
  return [
    `subject: ${certificate.subjectText}`,
    ...(names.length === 0 ? [] : [`SAN: ${names.join(", ")}`]),
    `issuer: ${certificate.issuerText}`,
    `valid: ${time(certificate.notBefore)} to ${time(certificate.notAfter)}`,
  ];
}

function envelopeLines(
  layer: EnvelopeLayer,
  bundleSigner: string | undefined,
): string[] {
  const head = layer.kind === "dsse"
    ? `DSSE envelope (${layer.file.payloadType})`
    : "metablock";
  const lines = [`${head}: ${count(layer.signatures, "signature")}`];
  for (const signature of layer.signatures) {
    lines.push(`${INDENT}${signatureLine(signature, bundleSigner)}`);
    if (signature.certificates !== undefined) {
      lines.push(
        ...certificateLines(signature.certificates[0]!).map((line) =>
          INDENT.repeat(2) + line
        ),
      );
    }
  }
  return lines;
}

/** `signed by 2f89b927 (verified with alice.pub)` and the like. */
function signatureLine(
  signature: ShownSignature,
  bundleSigner: string | undefined,
): string {
  const id = signature.keyid === "" ? "(no keyid)" : shortId(signature.keyid);
  const who = signature.gpg
    ? `GPG key ${id}`
    : signature.certificates !== undefined
    ? `${id} with a certificate`
    : signature.certificateProblem !== undefined
    ? `${id} with a certificate intoto cannot read: ${signature.certificateProblem}`
    : bundleSigner !== undefined
    ? `${id} with ${bundleSigner}`
    : id;
  const check = signature.check;
  const status = check.state === "unchecked"
    ? `not checked: ${check.reason}`
    : check.state === "verified"
    ? `verified with ${check.keys.join(", ")}`
    : `NOT verified${
      check.reason === undefined ? " by any key given" : `: ${check.reason}`
    }`;
  return `signed by ${who} (${status})`;
}

function documentLines(
  document: ShownDocument,
  options: RenderOptions,
): string[] {
  switch (document.kind) {
    case "layout":
      return layoutLines(document.layout, options);
    case "link":
      return linkLines(document.link);
    case "statement":
      return statementLines(document.statement, document.type, document.link);
  }
}

function layoutLines(layout: Layout, options: RenderOptions): string[] {
  const lines = ["layout", `${INDENT}${expiryText(layout.expires, options)}`];
  if (layout.readme !== "") lines.push(`${INDENT}readme: ${layout.readme}`);
  const keys = Object.values(layout.keys);
  lines.push(`${INDENT}keys: ${count(keys)}`);
  for (const key of keys) lines.push(`${INDENT.repeat(2)}${keyText(key)}`);
  for (const field of ["rootcas", "intermediatecas"] as const) {
    const authorities = layout[field];
    if (authorities === undefined) continue;
    const entries = Object.values(authorities);
    lines.push(`${INDENT}${field}: ${count(entries)}`);
    for (const authority of entries) {
      lines.push(`${INDENT.repeat(2)}${authorityText(authority)}`);
    }
  }
  lines.push(`${INDENT}steps: ${count(layout.steps)}`);
  for (const step of layout.steps) lines.push(...stepLines(step));
  lines.push(`${INDENT}inspections: ${count(layout.inspect)}`);
  for (const inspection of layout.inspect) {
    lines.push(...inspectionLines(inspection));
  }
  return lines;
}

/**
 * The expiry with the time left, or how long ago it passed.
 *
 * @param expires The layout's `expires`.
 * @param options The current time.
 * @returns Such as `expires 2027-01-01T00:00:00Z (in 27 days)`.
 */
export function expiryText(expires: string, options: RenderOptions): string {
  const left = parseExpires(expires, "expires").getTime() -
    options.now.getTime();
  return left > 0
    ? `expires ${expires} (in ${duration(left)})`
    : `expires ${expires} (EXPIRED ${duration(-left)} ago)`;
}

/** Whole days, else hours, else minutes. */
function duration(milliseconds: number): string {
  const units: [string, number][] = [
    ["day", DAY],
    ["hour", DAY / 24],
    ["minute", DAY / 24 / 60],
  ];
  for (const [unit, size] of units) {
    const amount = Math.floor(milliseconds / size);
    if (amount >= 1) return `${amount} ${unit}${amount === 1 ? "" : "s"}`;
  }
  return "less than a minute";
}

/** `2f89b927  rsa rsassa-pss-sha256`, or a GPG key with its subkeys. */
function keyText(key: PublicKey): string {
  if (key.gpg !== undefined) {
    const subkeys = Object.keys(key.gpg.subkeys).length;
    return `${shortId(key.keyid)}  GPG ${key.keytype} ${key.scheme}${
      subkeys === 0 ? "" : `, ${count(Object.keys(key.gpg.subkeys), "subkey")}`
    }`;
  }
  return `${shortId(key.keyid)}  ${key.keytype} ${key.scheme}`;
}

function authorityText(authority: CertificateAuthority): string {
  const [first, ...more] = authorityCertificates(authority);
  return `${shortId(authority.keyid)}  ${first!.subjectText}, valid ${
    time(first!.notBefore)
  } to ${time(first!.notAfter)}${
    more.length === 0 ? "" : ` (and ${count(more, "more certificate")})`
  }`;
}

function stepLines(step: Step): string[] {
  const at = INDENT.repeat(3);
  const functionaries = step.pubkeys.length === 0
    ? "none"
    : step.pubkeys.map(shortId).join(", ");
  const lines = [
    `${INDENT.repeat(2)}${step.name}`,
    `${at}functionaries: ${functionaries}; threshold ${step.threshold}`,
  ];
  for (const constraint of step.cert_constraints ?? []) {
    const list = (values: string[]) =>
      values.length === 0 ? "none" : values.join(", ");
    lines.push(
      `${at}certificates: common_name ${
        JSON.stringify(constraint.common_name)
      }; organizations ${list(constraint.organizations)}; uris ${
        list(constraint.uris)
      }; dns_names ${list(constraint.dns_names)}; emails ${
        list(constraint.emails)
      }; roots ${list(constraint.roots.map(shortId))}`,
    );
  }
  lines.push(`${at}expected command: ${commandText(step.expected_command)}`);
  return [...lines, ...ruleLines(step)];
}

function inspectionLines(inspection: Inspection): string[] {
  return [
    `${INDENT.repeat(2)}${inspection.name}`,
    `${INDENT.repeat(3)}run: ${commandText(inspection.run)}`,
    ...ruleLines(inspection),
  ];
}

function ruleLines(
  item: { expected_materials: RuleTokens[]; expected_products: RuleTokens[] },
): string[] {
  const lines: string[] = [];
  for (
    const [what, rules] of [
      ["materials", item.expected_materials],
      ["products", item.expected_products],
    ] as const
  ) {
    lines.push(`${INDENT.repeat(3)}${what}: ${count(rules, "rule")}`);
    for (const rule of rules) {
      lines.push(`${INDENT.repeat(4)}${formatRule(rule)}`);
    }
  }
  return lines;
}

function linkLines(link: Link): string[] {
  const lines = [
    `link ${JSON.stringify(link.name)}`,
    `${INDENT}command: ${commandText(link.command)}`,
  ];
  const byproducts = link.byproducts;
  if (Object.hasOwn(byproducts, "return-value")) {
    lines.push(`${INDENT}return value: ${byproducts["return-value"]}`);
  }
  for (const stream of ["stdout", "stderr"]) {
    const text = byproducts[stream];
    if (typeof text === "string") {
      lines.push(`${INDENT}${stream}: ${streamText(text)}`);
    }
  }
  for (const [key, value] of Object.entries(byproducts)) {
    if (["return-value", "stdout", "stderr"].includes(key)) continue;
    lines.push(`${INDENT}byproduct ${key}: ${compact(value)}`);
  }
  const environment = Object.entries(link.environment);
  lines.push(`${INDENT}environment: ${environment.length === 0 ? "none" : ""}`);
  for (const [key, value] of environment) {
    lines.push(`${INDENT.repeat(2)}${key}: ${compact(value)}`);
  }
  lines.push(...artifactLines("materials", link.materials));
  lines.push(...artifactLines("products", link.products));
  return lines.map((line) => line.trimEnd());
}

/** A stream's first line, abbreviated, and its size. */
function streamText(text: string): string {
  if (text === "") return "(empty)";
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  const first = lines[0] ?? "";
  const shown = first.length > VALUE_CHARS
    ? `${first.slice(0, VALUE_CHARS)}…`
    : first;
  const bytes = new TextEncoder().encode(text).length;
  return `${JSON.stringify(shown)}${
    lines.length > 1 || shown !== first ? "…" : ""
  } (${count(lines, "line")}, ${bytes} bytes)`;
}

function artifactLines(what: string, artifacts: ArtifactMap): string[] {
  const names = Object.keys(artifacts);
  return [
    `${INDENT}${what}: ${count(names)}`,
    ...names.map((name) =>
      `${INDENT.repeat(2)}${name}  ${digestText(artifacts[name]!)}`
    ),
  ];
}

/** `sha256:ab12… sha512:cd34…`, algorithms in order. */
function digestText(digests: DigestSet): string {
  return Object.keys(digests).sort().map((algorithm) =>
    `${algorithm}:${digests[algorithm]}`
  ).join(" ");
}

function statementLines(
  statement: Statement,
  type: string,
  link: Link | undefined,
): string[] {
  const lines = [
    `in-toto Statement ${type}`,
    `${INDENT}predicate type: ${statement.predicateType}`,
  ];
  if (link !== undefined) {
    lines.push(
      `${INDENT}(the subjects are the link's products, the predicate its other fields)`,
    );
    return [...lines, ...linkLines(link)];
  }
  lines.push(`${INDENT}subjects: ${count(statement.subject)}`);
  for (const subject of statement.subject) {
    const name = subject.name ?? subject.uri ?? "(unnamed)";
    lines.push(`${INDENT.repeat(2)}${name}  ${digestText(subject.digest)}`);
  }
  const fields: string[] = [];
  const total = flatten(statement.predicate, "", fields);
  lines.push(`${INDENT}predicate: ${total === 0 ? "empty" : ""}`.trimEnd());
  lines.push(...fields.map((field) => INDENT.repeat(2) + field));
  if (total > fields.length) {
    lines.push(
      `${INDENT.repeat(2)}… ${
        total - fields.length
      } more field(s) (see "--json")`,
    );
  }
  return lines;
}

/**
 * Appends `path: value` for each leaf of `value`, up to
 * {@linkcode PREDICATE_LINES} lines.
 *
 * @returns How many leaves there are in all.
 */
function flatten(value: JsonValue, path: string, out: string[]): number {
  const children: [string, JsonValue][] = Array.isArray(value)
    ? value.map((item, index) => [`${path}[${index}]`, item])
    : value !== null && typeof value === "object"
    ? Object.entries(value).map((
      [key, item],
    ) => [path === "" ? key : `${path}.${key}`, item])
    : [];
  if (children.length === 0) {
    if (path !== "" && out.length < PREDICATE_LINES) {
      out.push(`${path}: ${compact(value)}`);
    }
    return path === "" ? 0 : 1;
  }
  let total = 0;
  for (const [childPath, item] of children) {
    total += flatten(item, childPath, out);
  }
  return total;
}

/** A JSON value on one line, abbreviated. */
function compact(value: JsonValue | undefined): string {
  const text = JSON.stringify(value ?? null);
  return text.length > VALUE_CHARS ? `${text.slice(0, VALUE_CHARS)}…` : text;
}

/** A command as a person would type it: arguments quoted when needed. */
function commandText(command: readonly string[]): string {
  if (command.length === 0) return "(none)";
  return command.map((arg) =>
    /^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg)
  ).join(" ");
}

/**
 * The short form of a keyid: its first 8 characters.
 *
 * @param keyid A keyid.
 * @returns Such as `2f89b927`.
 */
export function shortId(keyid: string): string {
  return keyid.slice(0, 8);
}

/** `3 keys`, `1 rule`, `none`. */
function count(items: readonly unknown[], noun?: string): string {
  if (noun === undefined) {
    return items.length === 0 ? "none" : `${items.length}`;
  }
  return `${items.length} ${noun}${items.length === 1 ? "" : "s"}`;
}

/** A time to the second: `2024-12-16T18:42:56Z`. */
function time(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
