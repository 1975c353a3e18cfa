// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * What the stages of verification find, as typed records in the order they
 * were found, and the one pure function that composes them into a
 * {@linkcode VerificationReport}. Stages never see the report: each one
 * returns its value and emits findings, so a report, passed or failed, is
 * always the fold of what was found up to that point.
 *
 * @module
 */

import type { Link } from "../model/link.ts";
import type { RuleReport } from "../rules/artifact_rules.ts";
import type {
  ChainItem,
  FailureReport,
  InspectionReport,
  ItemRef,
  StageReport,
  StepReport,
  VerificationReport,
} from "./report.ts";

/** One thing a stage found. */
export type Finding =
  | { type: "stage"; stage: StageReport }
  | { type: "failure"; failure: FailureReport }
  | { type: "layout-keys"; keyids: string[] }
  | { type: "expires"; expires: string }
  | { type: "chain"; chain: ChainItem[] }
  | { type: "warning"; message: string }
  /** The links stage's account of one step. */
  | { type: "step"; step: StepReport }
  | { type: "sublayout"; step: string; report: VerificationReport }
  | {
    type: "artifacts";
    item: ItemRef;
    artifacts: Pick<Link, "materials" | "products">;
  }
  | { type: "rules"; item: ItemRef; rules: RuleReport }
  | { type: "inspection"; name: string; run: string[] }
  | { type: "return-value"; name: string; value: number }
  | { type: "summary"; summary: Link };

/** Receives what a stage finds. */
export type Emit = (finding: Finding) => void;

/**
 * Composes findings into a report.
 *
 * @param findings Everything found, in order.
 * @param passed Whether every stage passed.
 * @returns The report.
 *
 * @example Usage
 * ```ts
 * import { composeReport } from "./findings.ts";
 * import assert from "node:assert/strict";
 * const report = composeReport([
 *   { type: "layout-keys", keyids: ["abc"] },
 *   { type: "warning", message: "careful" },
 * ], false);
 * assert.deepEqual(report.layoutKeys, ["abc"]);
 * assert.deepEqual(report.warnings, ["careful"]);
 * ```
 */
export function composeReport(
  findings: readonly Finding[],
  passed: boolean,
): VerificationReport {
  const report: VerificationReport = {
    passed,
    layoutKeys: [],
    stages: [],
    steps: [],
    inspections: [],
    warnings: [],
  };
  const steps = new Map<string, StepReport>();
  const inspections = new Map<string, InspectionReport>();
  const item = (ref: ItemRef): StepReport | InspectionReport | undefined =>
    ref.kind === "step" ? steps.get(ref.name) : inspections.get(ref.name);
  for (const finding of findings) {
    switch (finding.type) {
      case "stage":
        report.stages.push(finding.stage);
        break;
      case "failure":
        report.failure = finding.failure;
        break;
      case "layout-keys":
        report.layoutKeys = finding.keyids;
        break;
      case "expires":
        report.expires = finding.expires;
        break;
      case "chain":
        report.chain = finding.chain;
        break;
      case "warning":
        report.warnings.push(finding.message);
        break;
      case "step": {
        const step = { ...finding.step };
        steps.set(step.name, step);
        report.steps.push(step);
        break;
      }
      case "sublayout": {
        const step = steps.get(finding.step);
        if (step !== undefined) {
          step.sublayouts = [...step.sublayouts ?? [], finding.report];
        }
        break;
      }
      case "artifacts": {
        const target = item(finding.item);
        if (target !== undefined) target.artifacts = finding.artifacts;
        break;
      }
      case "rules": {
        const target = item(finding.item);
        if (target !== undefined) target[finding.rules.kind] = finding.rules;
        break;
      }
      case "inspection": {
        const inspection = { name: finding.name, run: finding.run };
        inspections.set(finding.name, inspection);
        report.inspections.push(inspection);
        break;
      }
      case "return-value": {
        const inspection = inspections.get(finding.name);
        if (inspection !== undefined) inspection.returnValue = finding.value;
        break;
      }
      case "summary":
        report.summary = finding.summary;
        break;
    }
  }
  return report;
}
