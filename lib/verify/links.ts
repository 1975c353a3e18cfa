// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Finding the links of a step and counting them against its threshold.
 *
 * For every keyid a step authorizes, the candidate files are
 * `<step>.<keyid8>.link`, with `keyid8` the first 8 characters of the keyid
 * written in the layout and of the key's keyid in the other flavour (legacy
 * and modern keyids differ for the same key). A candidate counts when one of
 * its signatures verifies with that authorized key and it is a link signed
 * for this step (or a sublayout). A step with ITE-7 `cert_constraints` also
 * counts any `<step>.<8 hex>.link` signed by a certificate that may sign for
 * it (`cert_constraints.ts`), counted by its key like any other. The threshold counts DISTINCT PUBLIC KEYS,
 * never keyid strings, file names or signature bytes (attack catalogue T1,
 * T2).
 *
 * @module
 */

import { STATEMENT_TYPE } from "../model/statement.ts";
import { IntotoError } from "../errors.ts";
import type { Layout, Step } from "../model/layout.ts";
import type { Link } from "../model/link.ts";
import { type SignedFile, verifiedKeys } from "../model/signed_file.ts";
import { keyMaterial } from "../crypto/key_identity.ts";
import type { PublicKey } from "../crypto/key.ts";
import { keyidsOf } from "../crypto/keyid.ts";
import { checkFileLimits, type VerifyLimits } from "./limits.ts";
import { interpretPayload } from "./payload.ts";
import { certificateSigner } from "./cert_constraints.ts";
import type { LinkReport, StepReport } from "./report.ts";

/**
 * Where link files come from, by path relative to the link directory (such
 * as `build.776a00e2.link` or, inside a sublayout, `build.776a00e2/test.2f89b927.link`):
 * a map of files already in memory, or a function that reads one and
 * resolves `undefined` when it does not exist.
 */
export type LinkSource = ReadonlyMap<string, SignedFile> | LinkReader;

/** A function that reads a link file by its relative path. */
export interface LinkReader {
  /**
   * Reads one file.
   *
   * @param path Relative to the link directory.
   * @returns The file, or undefined when it does not exist.
   */
  (path: string): Promise<SignedFile | undefined>;
  /**
   * What a link directory really is (for folders, its real path), so that
   * a sublayout reached through two names of one directory is verified
   * once. Without it, directories are told apart by their paths.
   */
  identify?: (directory: string) => Promise<string>;
  /**
   * The file names directly in a link directory (such as `""` or
   * `build.776a00e2/`), for finding links signed by certificates, whose
   * keyids the layout does not list. Without it, only links named after
   * the layout's keys are found.
   */
  list?: (directory: string) => Promise<string[]>;
}

/**
 * What the link directory `directory` (such as `build.776a00e2/`) of a
 * source really is.
 *
 * @param source The link source.
 * @param directory A directory prefix of link paths.
 * @returns An identity equal for two paths to one directory.
 */
export async function linkDirectoryIdentity(
  source: LinkSource,
  directory: string,
): Promise<string> {
  if (typeof source === "function" && source.identify !== undefined) {
    return await source.identify(directory);
  }
  return directory;
}

/** A validly signed, authorized file accepted for a step. */
export interface AcceptedFile {
  /** Its path relative to the top link directory. */
  path: string;
  /** The authorized keyid it was found for. */
  keyid: string;
  /** The 8-character keyid prefix in its name (names the sublayout directory). */
  prefix: string;
  /** The key that verified it. */
  key: PublicKey;
  /**
   * The file, kept for a sublayout only: a link's signed bytes, about as
   * large as its file, are let go once its signature is checked.
   */
  signed: SignedFile | undefined;
  /** The link, or undefined for a sublayout (replaced by its summary later). */
  link: Link | undefined;
}

/** What the links stage found for one step. */
export interface StepLinks {
  report: StepReport;
  accepted: AcceptedFile[];
  warnings: string[];
}

/**
 * The 8-character keyid prefixes under which a functionary's link may be
 * named: the keyid as the layout writes it, then the key's legacy and modern
 * keyids, or for a GPG key its subkeys' fingerprints (as the reference's
 * `in-toto-run` names a link after the subkey that signed it).
 *
 * @param keyid The keyid in the layout.
 * @param key The key object, when the layout has it.
 * @returns Distinct prefixes, the layout's first.
 */
export function keyidPrefixes(
  keyid: string,
  key: PublicKey | undefined,
): string[] {
  const prefixes = [keyid.slice(0, 8)];
  if (key?.gpg !== undefined) {
    // The reference names a GPG link after the primary or a subkey.
    prefixes.push(...Object.keys(key.gpg.subkeys).map((id) => id.slice(0, 8)));
  } else if (key !== undefined) {
    const { legacy, modern } = keyidsOf(key);
    prefixes.push(legacy.slice(0, 8), modern.slice(0, 8));
  }
  return [...new Set(prefixes)];
}

async function readSource(
  source: LinkSource,
  path: string,
): Promise<SignedFile | undefined> {
  return typeof source === "function" ? await source(path) : source.get(path);
}

/**
 * Finds, checks and counts the links of one step.
 *
 * @param step The step.
 * @param options The layout (for its keys), the link source, the directory
 * prefix of this (sub)layout's links, and the bounds.
 * @returns The accepted files, in the order of `step.pubkeys`, and the
 * report (check it with {@linkcode checkThreshold}).
 * @throws {IntotoError} `LIMIT_EXCEEDED`, `INVALID_JSON` or
 * `INVALID_METADATA` for a bad file.
 */
export async function collectStepLinks(
  step: Step,
  options: {
    layout: Layout;
    source: LinkSource;
    directory: string;
    limits: VerifyLimits;
    /** When certificates must be valid (default now). */
    at?: Date;
    /** Called for every file read, before it is checked. */
    onLoad?: (path: string) => void;
  },
): Promise<StepLinks> {
  const report: StepReport = {
    name: step.name,
    threshold: step.threshold,
    links: [],
    keysCounted: [],
    expected: [],
  };
  const accepted: AcceptedFile[] = [];
  const warnings: string[] = [];
  const counted = new Map<string, string>();
  const found = await candidates(step, options);
  if ((step.cert_constraints ?? []).length > 0) {
    // Certificate links are found by listing: any 8 hex characters.
    report.expected.push(`${options.directory}${step.name}.????????.link`);
  }
  for (const candidate of found) {
    const { path } = candidate;
    if (candidate.keyid !== undefined) report.expected.push(path);
    const signed = await readSource(options.source, path);
    if (signed === undefined) continue;
    options.onLoad?.(path);
    checkFileLimits(signed, path, options.limits);
    const entry: LinkReport = {
      file: path,
      keyid: candidate.keyid ?? "",
      kind: initialKind(signed),
      status: "rejected",
    };
    report.links.push(entry);
    const signer = await authorizedSigner(signed, candidate, step, options);
    if ("reason" in signer) {
      entry.reason = signer.reason;
      continue;
    }
    const { key } = signer;
    entry.keyid = key.keyid;
    if (signer.certificate !== undefined) {
      entry.certificate = signer.certificate;
    }
    const evidence = interpretPayload(signed.payload, {
      step: step.name,
      source: path,
      format: signed.format,
    });
    if (evidence.kind === "rejected") {
      entry.kind = "other";
      entry.reason = evidence.reason;
      continue;
    }
    let link: Link | undefined;
    if (evidence.kind === "link") {
      link = evidence.link;
      warnings.push(...evidence.warnings);
      if (evidence.attestation) entry.kind = "attestation";
    }
    entry.status = "used";
    const { prefix } = candidate;
    accepted.push({
      path,
      keyid: key.keyid,
      prefix,
      key,
      signed: link === undefined ? signed : undefined,
      link,
    });
    const material = keyMaterial(key);
    const first = counted.get(material);
    if (first === undefined) {
      counted.set(material, path);
      report.keysCounted.push(key.keyid);
    } else {
      entry.reason = `signed by the same key as "${first}", counted once`;
    }
  }
  return { report, accepted, warnings };
}

/** A file that may hold a step's link, and the key it was looked up for. */
interface Candidate {
  path: string;
  prefix: string;
  /** The authorized keyid whose name it has; none for a certificate's. */
  keyid?: string;
  key?: PublicKey | undefined;
}

/**
 * The candidate files of a step: `<step>.<keyid8>.link` for every
 * authorized key; with certificate constraints, also every other
 * `<step>.<8 hex>.link` the source lists (a certificate's keyid is not
 * known in advance).
 */
async function candidates(
  step: Step,
  options: { layout: Layout; source: LinkSource; directory: string },
): Promise<Candidate[]> {
  const found: Candidate[] = [];
  const seen = new Set<string>();
  for (const keyid of step.pubkeys) {
    const key = Object.hasOwn(options.layout.keys, keyid)
      ? options.layout.keys[keyid]
      : undefined;
    for (const prefix of keyidPrefixes(keyid, key)) {
      const path = `${options.directory}${step.name}.${prefix}.link`;
      if (seen.has(path)) continue;
      seen.add(path);
      found.push({ path, prefix, keyid, key });
    }
  }
  if ((step.cert_constraints ?? []).length === 0) return found;
  const head = `${step.name}.`;
  for (const name of await listSource(options.source, options.directory)) {
    const prefix = name.slice(head.length, -".link".length);
    const path = `${options.directory}${name}`;
    if (
      name.startsWith(head) && name.endsWith(".link") &&
      /^[0-9a-f]{8}$/.test(prefix) && !seen.has(path)
    ) {
      seen.add(path);
      found.push({ path, prefix });
    }
  }
  return found;
}

/**
 * Who signed a candidate for the step: the authorized key it is named
 * after, or else (with certificate constraints) a certificate that may sign
 * for the step.
 */
async function authorizedSigner(
  signed: SignedFile,
  candidate: Candidate,
  step: Step,
  options: { layout: Layout; at?: Date },
): Promise<{ key: PublicKey; certificate?: string } | { reason: string }> {
  const { keyid, key } = candidate;
  let reason: string | undefined;
  if (keyid !== undefined && key === undefined) {
    reason = `the layout has no key "${keyid}"`;
  } else if (key !== undefined) {
    if ((await verifiedKeys(signed, [key])).length > 0) return { key };
    reason = `no signature on it verifies with key "${keyid}"`;
  }
  if ((step.cert_constraints ?? []).length === 0) return { reason: reason! };
  const signer = await certificateSigner(signed, {
    step,
    layout: options.layout,
    at: options.at ?? new Date(),
  });
  if (!("reason" in signer) || reason === undefined) return signer;
  return { reason: `${reason}; ${signer.reason}` };
}

/** The file names directly in a directory of the source. */
async function listSource(
  source: LinkSource,
  directory: string,
): Promise<string[]> {
  if (typeof source === "function") {
    return await source.list?.(directory) ?? [];
  }
  return [...source.keys()].flatMap((path) => {
    const name = path.slice(directory.length);
    return path.startsWith(directory) && !name.includes("/") ? [name] : [];
  });
}

function initialKind(signed: SignedFile): LinkReport["kind"] {
  const type = signed.payload["_type"];
  if (type === "layout") return "sublayout";
  return type === STATEMENT_TYPE ? "attestation" : "link";
}

/**
 * Requires a step's links to come from at least `threshold` distinct keys.
 *
 * @param report What {@linkcode collectStepLinks} found for the step.
 * @throws {IntotoError} `THRESHOLD_NOT_MET` naming the step, how many
 * distinct keys were found and why the other candidates were rejected.
 */
export function checkThreshold(report: StepReport): void {
  if (report.keysCounted.length >= report.threshold) return;
  throw new IntotoError(
    "THRESHOLD_NOT_MET",
    `Step "${report.name}": threshold ${report.threshold} not met: found ${report.keysCounted.length} valid link(s) signed by distinct authorized keys${
      describeRejections(report)
    }`,
  );
}

function describeRejections(report: StepReport): string {
  const links = report.links;
  const explained = links.filter((link) => link.reason !== undefined);
  if (links.length === 0) {
    return ` (no link file found; looked for ${
      report.expected.map((name) => `"${name}"`).join(", ")
    })`;
  }
  if (explained.length === 0) return "";
  return ` (${
    explained.map((link) => `"${link.file}" ${link.status}: ${link.reason}`)
      .join("; ")
  })`;
}
