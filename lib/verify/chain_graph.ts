// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The supply chain of a verification report as a graph: the layout's steps
 * and inspections as nodes, each with its result, and the artifact flow
 * between them as edges labelled with the `MATCH` rules that connect them.
 * Also the table of every artifact: its digest, the item that first
 * produced it, and the rule that failed it. Pure: the pictures (`--graph`,
 * the HTML report) are drawn from this.
 *
 * @module
 */

import type { DigestSet } from "../model/link.ts";
import { formatRule, parseRule } from "../model/rule.ts";
import type { RuleReport } from "../rules/artifact_rules.ts";
import type {
  ChainItem,
  InspectionReport,
  StepReport,
  VerificationReport,
} from "./report.ts";

/**
 * `passed`: every check of the item ran and passed; `failed`: verification
 * failed on it; `unchecked`: verification stopped before all its checks.
 */
export type NodeStatus = "passed" | "failed" | "unchecked";

/** A step or inspection and its result. */
export interface GraphNode {
  /** Unique id: `step:NAME` or `inspection:NAME`. */
  id: string;
  /** The item as the layout declares it. */
  item: ChainItem;
  /** Its result. */
  status: NodeStatus;
  /** A step's distinct signers that counted, once its links were read. */
  keysCounted?: string[];
  /** Why it failed. */
  failure?: string;
  /**
   * A delegated step's sublayouts, each as its own graph, in link order;
   * absent for any other item.
   */
  sublayouts?: ChainGraph[];
}

/** Artifacts that flow from one item into another through a MATCH rule. */
export interface GraphEdge {
  /** The node whose artifacts are matched (the rule's `FROM` step). */
  from: string;
  /** The node whose rule it is. */
  to: string;
  /** The rule as text. */
  rule: string;
  /** `ok` when every artifact it selected matched, else `mismatch`. */
  status: "ok" | "mismatch" | "unchecked";
}

/** One artifact of the chain. */
export interface ArtifactRow {
  /** Its name. */
  name: string;
  /** Its digests, as the first link that lists it records them. */
  digests: DigestSet;
  /** The first item whose products list it, if any. */
  producedBy?: string;
  /** The items whose materials list it. */
  usedBy: string[];
  /** The rule that failed it, with its item. */
  failedBy?: { item: string; rule: string };
}

/** The graph of a verification. */
export interface ChainGraph {
  /** Whether verification passed. */
  passed: boolean;
  /** The steps, then the inspections, in layout order. */
  nodes: GraphNode[];
  /** MATCH rules between nodes. */
  edges: GraphEdge[];
}

/**
 * The graph of a report. Without the layout's items (verification failed
 * before parameters were set) it has no nodes.
 *
 * @param report A verification report, passed or failed.
 * @returns Its graph.
 *
 * @example Usage
 * ```ts
 * import { chainGraph } from "./chain_graph.ts";
 * import assert from "node:assert/strict";
 * const graph = chainGraph({
 *   passed: false, layoutKeys: [], stages: [], steps: [], inspections: [],
 *   warnings: [],
 *   chain: [{ kind: "step", name: "build", command: [], materials: [],
 *     products: [], pubkeys: [], threshold: 1 }],
 * });
 * assert.equal(graph.nodes[0]?.status, "unchecked");
 * ```
 */
export function chainGraph(report: VerificationReport): ChainGraph {
  const items = report.chain ?? [];
  const ids = new Map(items.map((item) => [item.name, nodeId(item)]));
  return {
    passed: report.passed,
    nodes: items.map((item) => graphNode(item, report)),
    edges: items.flatMap((item) => itemEdges(item, report, ids)),
  };
}

/**
 * A node's id.
 *
 * @param item A step or inspection.
 * @returns `step:NAME` or `inspection:NAME`.
 */
export function nodeId(item: Pick<ChainItem, "kind" | "name">): string {
  return `${item.kind}:${item.name}`;
}

/**
 * What the report says of one step or inspection of the chain.
 *
 * @param item The item.
 * @param report The verification report.
 * @returns Its step or inspection report, or undefined when verification
 * stopped before it.
 */
export function itemReport(
  item: ChainItem,
  report: VerificationReport,
): StepReport | InspectionReport | undefined {
  const reports: (StepReport | InspectionReport)[] = item.kind === "step"
    ? report.steps
    : report.inspections;
  return reports.find((entry) => entry.name === item.name);
}

function graphNode(item: ChainItem, report: VerificationReport): GraphNode {
  const own = itemReport(item, report);
  const failure = report.failure;
  const failed = failure?.item?.kind === item.kind &&
    failure.item.name === item.name;
  const checked = own?.materials !== undefined &&
    own.products !== undefined &&
    own.materials.failure === undefined && own.products.failure === undefined;
  const node: GraphNode = {
    id: nodeId(item),
    item,
    status: failed ? "failed" : checked ? "passed" : "unchecked",
  };
  if (own !== undefined && "keysCounted" in own) {
    node.keysCounted = own.keysCounted;
    if (own.sublayouts !== undefined && own.sublayouts.length > 0) {
      node.sublayouts = own.sublayouts.map(chainGraph);
    }
  }
  if (failed) node.failure = failure.message;
  return node;
}

function itemEdges(
  item: ChainItem,
  report: VerificationReport,
  ids: ReadonlyMap<string, string>,
): GraphEdge[] {
  const own = itemReport(item, report);
  const edges: GraphEdge[] = [];
  for (const kind of ["materials", "products"] as const) {
    item[kind].forEach((tokens, index) => {
      const rule = parseRule(tokens);
      if (rule.type !== "MATCH") return;
      const from = ids.get(rule.destinationStep);
      if (from === undefined) return;
      edges.push({
        from,
        to: nodeId(item),
        rule: formatRule(tokens),
        status: edgeStatus(own?.[kind], index),
      });
    });
  }
  return edges;
}

function edgeStatus(
  rules: RuleReport | undefined,
  index: number,
): GraphEdge["status"] {
  const outcome = rules?.rules[index];
  if (outcome === undefined) return "unchecked";
  return (outcome.unmatched?.length ?? 0) > 0 ? "mismatch" : "ok";
}

/**
 * Every artifact the report's links list, in the order of the chain: its
 * digests, who produced and used it, and the rule that failed it.
 *
 * @param report A verification report.
 * @returns One row per artifact name.
 */
export function artifactRows(report: VerificationReport): ArtifactRow[] {
  const rows = new Map<string, ArtifactRow>();
  const row = (name: string, digests: DigestSet): ArtifactRow => {
    let found = rows.get(name);
    if (found === undefined) {
      found = { name, digests, usedBy: [] };
      rows.set(name, found);
    }
    return found;
  };
  for (const item of report.chain ?? []) {
    const own = itemReport(item, report);
    const artifacts = own?.artifacts;
    if (artifacts === undefined) continue;
    for (const [name, digests] of Object.entries(artifacts.materials)) {
      row(name, digests).usedBy.push(item.name);
    }
    for (const [name, digests] of Object.entries(artifacts.products)) {
      const entry = row(name, digests);
      entry.producedBy ??= item.name;
    }
    for (const rules of [own?.materials, own?.products]) {
      const failure = rules?.failure;
      if (failure === undefined) continue;
      for (const name of failure.artifacts) {
        const entry = rows.get(name) ?? row(name, {});
        entry.failedBy ??= { item: item.name, rule: failure.rule };
      }
    }
  }
  return [...rows.values()];
}
