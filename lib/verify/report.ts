// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The verification report: what every stage of `verify` did, per step which
 * links were found, used or rejected and why, which keys were counted, and
 * per rule which artifacts it consumed. Plain JSON-serialisable data, printed
 * by `intoto verify --report json`.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import type { ErrorCode } from "../errors.ts";
import type { Link } from "../model/link.ts";
import type { RuleReport } from "../rules/artifact_rules.ts";

/** The stages of verification, in the order they run. */
export const STAGES = [
  "layout-signatures",
  "layout-format",
  "layout-expiry",
  "parameters",
  "links",
  "sublayouts",
  "commands",
  "consistency",
  "step-rules",
  "inspections",
  "inspection-rules",
  "summary",
] as const;

/** One stage of verification. */
export type StageName = typeof STAGES[number];

/** What one stage did. */
export interface StageReport {
  /** Which stage. */
  stage: StageName;
  /** Whether it passed. */
  status: "passed" | "failed";
  /** One line: what was checked, or why it failed. */
  detail: string;
}

/** One candidate link file of a step. */
export interface LinkReport {
  /** The file name relative to the link directory. */
  file: string;
  /**
   * The keyid of the key that signed it, or else the authorized keyid (from
   * the layout) it was looked up for (`""` for a file found for a
   * certificate).
   */
  keyid: string;
  /**
   * `link`; `attestation` for a Statement v1 (a link attestation stands for
   * a link); `sublayout` when the payload is a layout; `other` when it was
   * none of these.
   */
  kind: "link" | "attestation" | "sublayout" | "other";
  /** `used`: valid and counted; `rejected`: not counted (see `reason`). */
  status: "used" | "rejected";
  /** Why it was rejected. */
  reason?: string;
  /** ITE-7: the certificate (subject and serial) that authorized it. */
  certificate?: string;
}

/** What verification found for one step. */
export interface StepReport {
  /** The step's name. */
  name: string;
  /** How many distinct keys had to sign. */
  threshold: number;
  /**
   * The candidate file names looked for; with certificate constraints also
   * the pattern `<step>.????????.link` of the names listed.
   */
  expected: string[];
  /** Every candidate link file that existed. */
  links: LinkReport[];
  /** The keyids whose distinct keys counted towards the threshold. */
  keysCounted: string[];
  /** The report of the sublayout, when the step was delegated. */
  sublayouts?: VerificationReport[];
  /** What the step's material rules did, once applied. */
  materials?: RuleReport;
  /** What the step's product rules did, once applied. */
  products?: RuleReport;
  /** The artifacts of the step's agreed link, once its links agreed. */
  artifacts?: Pick<Link, "materials" | "products">;
}

/** What verification found for one inspection. */
export interface InspectionReport {
  /** The inspection's name. */
  name: string;
  /** The command it ran. */
  run: string[];
  /** The command's exit code, once it ran. */
  returnValue?: number;
  /** What its material rules did, once applied. */
  materials?: RuleReport;
  /** What its product rules did, once applied. */
  products?: RuleReport;
  /** The artifacts it recorded, once it ran. */
  artifacts?: Pick<Link, "materials" | "products">;
}

/** A step or an inspection, named. */
export interface ItemRef {
  /** Which kind. */
  kind: "step" | "inspection";
  /** Its name in the layout. */
  name: string;
}

/**
 * A step or inspection as the layout declares it, after parameter
 * substitution: what a picture of the supply chain shows.
 */
export interface ChainItem extends ItemRef {
  /** The command: a step's expected command, or what an inspection runs. */
  command: string[];
  /** Its material rules, as tokens: `["MATCH", "*", "WITH", ...]`. */
  materials: string[][];
  /** Its product rules, as tokens. */
  products: string[][];
  /** A step's functionaries: the keyids allowed to sign its links. */
  pubkeys?: string[];
  /** A step's threshold of distinct signers. */
  threshold?: number;
  /** A step whose links X.509 certificates may sign (ITE-7). */
  certificates?: boolean;
}

/** Where and why verification failed. */
export interface FailureReport {
  /** The error code, as `IntotoError.code`. */
  code: ErrorCode;
  /** The error message. */
  message: string;
  /** The stage that failed. */
  stage: StageName;
  /** The step or inspection that failed, when the failure is one item's. */
  item?: ItemRef;
}

/** Everything verification did, in order. */
export interface VerificationReport {
  /** True only when every stage passed. */
  passed: boolean;
  /** The keyids of the keys that verified the layout. */
  layoutKeys: string[];
  /** The layout's `expires`, once read. */
  expires?: string;
  /** The layout's steps, then its inspections, once parameters were set. */
  chain?: ChainItem[];
  /** Each stage that ran, in order. */
  stages: StageReport[];
  /** Each step of the layout. */
  steps: StepReport[];
  /** Each inspection of the layout. */
  inspections: InspectionReport[];
  /** Warnings, such as commands that differ from the expected ones. */
  warnings: string[];
  /** The summary link (first step's materials, last step's products). */
  summary?: Link;
  /** Set when verification failed. */
  failure?: FailureReport;
}

/**
 * A failed verification: an {@linkcode IntotoError} that also carries the
 * report up to the failing stage.
 *
 * @example Usage
 * ```ts
 * import { VerificationError } from "./report.ts";
 * import { IntotoError } from "../errors.ts";
 * import assert from "node:assert/strict";
 * const report = {
 *   passed: false, layoutKeys: [], stages: [], steps: [], inspections: [], warnings: [],
 * };
 * const error = new VerificationError(new IntotoError("LAYOUT_EXPIRED", "Layout expired"), report);
 * assert.equal(error.exitCode, 1);
 * ```
 */
export class VerificationError extends IntotoError {
  /** The report, with `failure` set. */
  readonly report: VerificationReport;

  /**
   * Makes the error of a failed verification.
   *
   * @param error The error of the failing stage (kept as `cause`).
   * @param report The report so far.
   */
  constructor(error: IntotoError, report: VerificationReport) {
    super(error.code, error.message, { cause: error });
    this.name = "VerificationError";
    this.report = report;
  }
}

/**
 * Writes the report as a short human walkthrough, one line per stage and
 * per step, for `intoto verify -v`.
 *
 * @param report The report.
 * @param indent Prefix of every line (for sublayouts).
 * @returns The lines.
 */
export function describeReport(
  report: VerificationReport,
  indent = "",
): string[] {
  const lines: string[] = [];
  for (const stage of report.stages) {
    lines.push(
      `${indent}${
        stage.status === "passed" ? "ok" : "FAILED"
      } ${stage.stage}: ${stage.detail}`,
    );
    if (stage.stage === "links") {
      for (const step of report.steps) {
        lines.push(...describeStep(step, `${indent}  `));
      }
    }
  }
  return lines;
}

function describeStep(step: StepReport, indent: string): string[] {
  const lines = [
    `${indent}step "${step.name}": ${step.keysCounted.length} distinct key(s) counted, ${step.threshold} needed`,
  ];
  for (const link of step.links) {
    lines.push(
      `${indent}  ${link.status} ${link.kind} "${link.file}"${
        link.reason === undefined ? "" : `: ${link.reason}`
      }`,
    );
  }
  for (const sublayout of step.sublayouts ?? []) {
    lines.push(...describeReport(sublayout, `${indent}    `));
  }
  return lines;
}
