// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The HTML verification report of `intoto verify --report FILE.html`: one
 * self-contained page (no script, no network, no font; a content security
 * policy forbids them) with the result, the chain as a graph, each step's
 * functionaries, links and rules, the stages, and every artifact with its
 * digest and the step that first produced it. Failures are red.
 *
 * @module
 */

import type { RuleReport } from "../rules/artifact_rules.ts";
import {
  type ArtifactRow,
  artifactRows,
  type ChainGraph,
  chainGraph,
  type GraphNode,
  itemReport,
} from "../verify/chain_graph.ts";
import type {
  InspectionReport,
  StepReport,
  VerificationReport,
} from "../verify/report.ts";
import { graphSvg } from "./graph_svg.ts";
import { escapeHtml } from "./html.ts";
import { STATUS_COLOURS } from "./status_colours.ts";

/** What the report says about where it comes from. */
export interface ReportHtmlOptions {
  /** The layout file verified. */
  layout: string;
  /** When verification ran. */
  generated: Date;
  /** The intoto version that wrote it. */
  version: string;
}

const { passed: PASSED, failed: FAILED, unchecked: UNCHECKED } = STATUS_COLOURS;

const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1200px;
  padding: 0 24px 48px; color: #202124; }
h1 { font-size: 22px; margin: 24px 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #dadce0; }
h3 { font-size: 15px; margin: 16px 0 4px; }
code, .mono { font-family: ui-monospace, monospace; font-size: 12.5px; }
.banner { padding: 12px 16px; border-radius: 6px; font-weight: 600; }
.banner.passed { background: ${PASSED.fill}; color: ${PASSED.stroke}; }
.banner.failed { background: ${FAILED.fill}; color: ${FAILED.stroke}; }
.failure { border-left: 4px solid ${FAILED.stroke}; background: #fff5f5; padding: 8px 12px;
  margin-bottom: 12px; }
.graph { overflow-x: auto; border: 1px solid #dadce0; border-radius: 6px; }
.node rect { stroke-width: 2; }
.node.passed rect { fill: ${PASSED.fill}; stroke: ${PASSED.stroke}; }
.node.failed rect { fill: ${FAILED.fill}; stroke: ${FAILED.stroke}; }
.node.unchecked rect { fill: ${UNCHECKED.fill}; stroke: ${UNCHECKED.stroke};
  stroke-dasharray: 4 3; }
.node text { text-anchor: middle; font-size: 12px; fill: #3c4043; }
.node text.name { font-weight: 600; font-size: 13px; fill: #202124; }
.edge path { fill: none; stroke: #5f6368; stroke-width: 1.5; }
.edge.mismatch path { stroke: ${FAILED.stroke}; stroke-dasharray: 5 3; }
.edge.unchecked path { stroke: #9aa0a6; }
.edge rect.label { fill: #ffffff; fill-opacity: 0.9; stroke: none; }
.edge text { text-anchor: middle; font: 11px ui-monospace, monospace; fill: #3c4043; }
.arrow { fill: #5f6368; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { text-align: left; padding: 3px 8px; border-bottom: 1px solid #eceff1;
  vertical-align: top; }
th { background: #f8f9fa; font-weight: 600; }
.passed-text { color: ${PASSED.stroke}; }
.failed-text { color: ${FAILED.stroke}; font-weight: 600; }
.unchecked-text { color: ${UNCHECKED.stroke}; }
tr.failed td { background: ${FAILED.fill}; }
.item { border: 1px solid #dadce0; border-radius: 6px; padding: 4px 14px 10px;
  margin: 12px 0; }
.item.failed { border-color: ${FAILED.stroke}; }
.sublayout { border-left: 3px solid #dadce0; margin: 10px 0; padding: 0 0 4px 14px; }
.sublayout.failed { border-left-color: ${FAILED.stroke}; }
h4 { font-size: 14px; margin: 10px 0 4px; }
footer { margin-top: 32px; color: #5f6368; font-size: 12px; }
`;

/**
 * Writes the report of a verification, passed or failed, as HTML.
 *
 * @param report The verification report.
 * @param options Where it comes from.
 * @returns A complete HTML document.
 *
 * @example Usage
 * ```ts
 * import { reportHtml } from "./report_html.ts";
 * import assert from "node:assert/strict";
 * const html = reportHtml({
 *   passed: true, layoutKeys: [], stages: [], steps: [], inspections: [],
 *   warnings: [],
 * }, { layout: "root.layout", generated: new Date(0), version: "0.1.0" });
 * assert.match(html, /PASSED/);
 * ```
 */
export function reportHtml(
  report: VerificationReport,
  options: ReportHtmlOptions,
): string {
  const graph = chainGraph(report);
  const title = `${report.passed ? "PASSED" : "FAILED"}: ${options.layout}`;
  const failure = report.failure;
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>intoto verify ${escapeHtml(title)}</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>Supply chain verification of <code>${
      escapeHtml(options.layout)
    }</code></h1>`,
    `<p class="banner ${report.passed ? "passed" : "failed"}" id="result">${
      report.passed
        ? "PASSED: the supply chain verifies against the layout"
        : "FAILED: the supply chain does not verify"
    }</p>`,
    failure === undefined
      ? ""
      : `<div class="failure" id="failure"><b>${
        escapeHtml(failureTitle(failure))
      }</b><br>${escapeHtml(failure.message)}</div>`,
    facts(report, options),
    "<h2>Supply chain</h2>",
    graphDiv(graph, ""),
    ...(report.warnings.length === 0 ? [] : [
      "<h2>Warnings</h2><ul>",
      ...report.warnings.map((warning) => `<li>${escapeHtml(warning)}</li>`),
      "</ul>",
    ]),
    "<h2>Steps and inspections</h2>",
    ...graph.nodes.map((node) => itemSection(node, report, "")),
    "<h2>Stages</h2>",
    stagesTable(report),
    "<h2>Artifacts</h2>",
    artifactsTable(artifactRows(report)),
    `<footer>Written by intoto ${escapeHtml(options.version)} on ${
      escapeHtml(options.generated.toISOString())
    }. This page loads nothing: it has no script and makes no request.</footer>`,
    "</body></html>",
    "",
  ].join("\n");
}

function facts(report: VerificationReport, options: ReportHtmlOptions): string {
  const rows: [string, string][] = [
    ["Layout", options.layout],
    ["Verified at", options.generated.toISOString()],
    ["Layout signed by", report.layoutKeys.join(", ") || "(not verified)"],
  ];
  if (report.expires !== undefined) rows.push(["Expires", report.expires]);
  return `<table class="facts">${
    rows.map(([name, value]) =>
      `<tr><th>${name}</th><td class="mono">${escapeHtml(value)}</td></tr>`
    ).join("")
  }</table>`;
}

/** What failed, where: "Stage step-rules, step "build" (RULE_FAILED)". */
function failureTitle(failure: NonNullable<VerificationReport["failure"]>) {
  return `Stage ${failure.stage}${
    failure.item === undefined
      ? ""
      : `, ${failure.item.kind} "${failure.item.name}"`
  } (${failure.code})`;
}

/** The drawing of a (sub)layout's graph; `idPrefix` keeps its ids apart. */
function graphDiv(graph: ChainGraph, idPrefix: string): string {
  return graph.nodes.length === 0
    ? "<p>Verification stopped before the layout's steps were read.</p>"
    : `<div class="graph">${graphSvg(graph, { idPrefix })}</div>`;
}

/**
 * A step or inspection: its facts, links, sublayouts and rules. `idPrefix`
 * is "" for the layout's own items, and names the sublayout otherwise.
 */
function itemSection(
  node: GraphNode,
  report: VerificationReport,
  idPrefix: string,
): string {
  const { item } = node;
  const own = itemReport(item, report);
  const rows: [string, string][] = [];
  if (item.kind === "step") {
    rows.push(
      ["Functionaries", (item.pubkeys ?? []).join(", ") || "(none)"],
      [
        "Threshold",
        `${item.threshold}${
          item.certificates ? " (keys or certificates)" : ""
        }; counted: ${node.keysCounted?.length ?? "not checked"}`,
      ],
      ["Expected command", item.command.join(" ")],
    );
  } else {
    rows.push(["Runs", item.command.join(" ")]);
    const returnValue = (own as InspectionReport | undefined)?.returnValue;
    if (returnValue !== undefined) {
      rows.push(["Exit code", String(returnValue)]);
    }
  }
  const links = own !== undefined && "links" in own ? own.links : [];
  return [
    `<section class="item ${node.status}" id="${
      escapeHtml(idPrefix + node.id)
    }">`,
    `<h3>${
      escapeHtml(`${item.kind} ${item.name}`)
    } <span class="${node.status}-text">${node.status}</span></h3>`,
    node.failure === undefined
      ? ""
      : `<p class="failed-text">${escapeHtml(node.failure)}</p>`,
    `<table>${
      rows.map(([name, value]) =>
        `<tr><th>${name}</th><td class="mono">${escapeHtml(value)}</td></tr>`
      ).join("")
    }</table>`,
    links.length === 0
      ? ""
      : `<table><tr><th>Link</th><th>Status</th></tr>${
        links.map((link) =>
          `<tr${
            link.status === "rejected" ? ' class="failed"' : ""
          }><td class="mono">${escapeHtml(link.file)}</td><td>${
            escapeHtml(
              `${link.status} ${link.kind}${
                link.certificate === undefined ? "" : ` (${link.certificate})`
              }${link.reason === undefined ? "" : `: ${link.reason}`}`,
            )
          }</td></tr>`
        ).join("")
      }</table>`,
    sublayoutSections(
      node,
      own !== undefined && "links" in own ? own : undefined,
      idPrefix,
    ),
    rulesTable("Material rules", item.materials, own?.materials),
    rulesTable("Product rules", item.products, own?.products),
    "</section>",
  ].join("\n");
}

/**
 * A delegated step's sublayouts, each drawn and detailed as the layout is,
 * one level in.
 */
function sublayoutSections(
  node: GraphNode,
  step: StepReport | undefined,
  idPrefix: string,
): string {
  return (step?.sublayouts ?? []).map((sublayout, index) => {
    const inner = `${idPrefix}sublayout-${index + 1}-`;
    // The node's graph holds each sublayout's graph, in the same order.
    const graph = node.sublayouts![index]!;
    const status = sublayout.passed ? "passed" : "failed";
    return [
      `<div class="sublayout ${status}" id="${escapeHtml(inner)}">`,
      `<h4>Sublayout ${index + 1} of ${
        escapeHtml(node.item.name)
      }: <span class="${status}-text">${status}</span></h4>`,
      sublayout.failure === undefined
        ? ""
        : `<p class="failed-text">${
          escapeHtml(
            `${failureTitle(sublayout.failure)}: ${sublayout.failure.message}`,
          )
        }</p>`,
      graphDiv(graph, inner),
      ...graph.nodes.map((node) => itemSection(node, sublayout, inner)),
      "</div>",
    ].join("\n");
  }).join("\n");
}

function rulesTable(
  title: string,
  rules: readonly string[][],
  outcome: RuleReport | undefined,
): string {
  if (rules.length === 0) return "";
  const rows = rules.map((tokens, index) => {
    const rule = tokens.join(" ");
    const done = outcome?.rules[index];
    const failed = outcome?.failure !== undefined &&
      outcome.rules.length === index + 1;
    let result = "not applied";
    if (failed) {
      result = `FAILED: ${outcome!.failure!.artifacts.join(", ")}`;
    } else if (done !== undefined) {
      const unmatched = done.unmatched ?? [];
      result = `${done.consumed.length} consumed${
        unmatched.length === 0
          ? ""
          : `; not matched: ${
            unmatched.map((entry) => `${entry.artifact} (${entry.reason})`)
              .join(", ")
          }`
      }`;
    }
    return `<tr${failed ? ' class="failed"' : ""}><td class="mono">${
      escapeHtml(rule)
    }</td><td>${escapeHtml(result)}</td></tr>`;
  });
  return `<table><tr><th>${title}</th><th>Result</th></tr>${
    rows.join("")
  }</table>`;
}

function stagesTable(report: VerificationReport): string {
  return `<table><tr><th>Stage</th><th>Result</th><th>Detail</th></tr>${
    report.stages.map((stage) =>
      `<tr${
        stage.status === "failed" ? ' class="failed"' : ""
      }><td>${stage.stage}</td><td class="${stage.status}-text">${stage.status}</td><td>${
        escapeHtml(stage.detail)
      }</td></tr>`
    ).join("")
  }</table>`;
}

function artifactsTable(rows: readonly ArtifactRow[]): string {
  if (rows.length === 0) return "<p>No link was read.</p>";
  return `<table id="artifacts"><tr><th>Artifact</th><th>Digest</th><th>First produced by</th><th>Used by</th><th>Result</th></tr>${
    rows.map((row) => {
      const [algorithm, digest] = Object.entries(row.digests)[0] ?? ["", ""];
      return `<tr${
        row.failedBy === undefined ? "" : ' class="failed"'
      }><td class="mono">${escapeHtml(row.name)}</td><td class="mono">${
        escapeHtml(algorithm === "" ? "" : `${algorithm}:${digest}`)
      }</td><td>${escapeHtml(row.producedBy ?? "")}</td><td>${
        escapeHtml(row.usedBy.join(", "))
      }</td><td>${
        row.failedBy === undefined ? "" : escapeHtml(
          `failed by ${row.failedBy.rule} of ${row.failedBy.item}`,
        )
      }</td></tr>`;
    }).join("")
  }</table>`;
}
