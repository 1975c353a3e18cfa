// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The supply-chain graph as text, for docs and CI logs: Mermaid
 * (`flowchart LR`) and Graphviz DOT. `intoto verify --graph mermaid|dot`.
 *
 * @module
 */

import type { ChainGraph, GraphNode } from "../verify/chain_graph.ts";
import { STATUS_COLOURS } from "./status_colours.ts";

/** The text formats of {@linkcode graphText}. */
export const GRAPH_FORMATS = ["mermaid", "dot"] as const;

/** One of {@linkcode GRAPH_FORMATS}. */
export type GraphFormat = typeof GRAPH_FORMATS[number];

/**
 * A node's label lines: its name; a step's threshold and functionaries
 * (short keyids) or an inspection's command; its result.
 *
 * @param node A graph node.
 * @returns Four short lines.
 */
export function nodeLines(node: GraphNode): string[] {
  const { item } = node;
  if (item.kind === "inspection") {
    return [
      item.name,
      "inspection",
      short(`runs ${item.command.join(" ")}`),
      node.status,
    ];
  }
  const keys = item.pubkeys ?? [];
  const signers = [
    ...keys.slice(0, 2).map((keyid) => keyid.slice(0, 8)),
    ...keys.length > 2 ? [`+${keys.length - 2}`] : [],
    ...item.certificates ? ["certificates"] : [],
  ];
  return [
    item.name,
    `step: threshold ${item.threshold} of ${keys.length} key(s)`,
    `by ${signers.join(", ") || "nobody"}`,
    node.status,
  ];
}

/** At most 28 characters, for a node's line. */
function short(text: string): string {
  return text.length > 28 ? `${text.slice(0, 27)}…` : text;
}

/**
 * Writes the graph in a text format.
 *
 * @param graph The graph of a verification.
 * @param format `mermaid` or `dot`.
 * @returns The text, ending in a newline.
 *
 * @example Usage
 * ```ts
 * import { graphText } from "./graph_text.ts";
 * import assert from "node:assert/strict";
 * const text = graphText({ passed: true, nodes: [], edges: [] }, "mermaid");
 * assert.equal(text, "flowchart LR\n");
 * ```
 */
export function graphText(graph: ChainGraph, format: GraphFormat): string {
  return format === "mermaid" ? mermaid(graph) : dot(graph);
}

function mermaid(graph: ChainGraph): string {
  const ids = new Map(graph.nodes.map((node, index) => [node.id, `n${index}`]));
  const label = (text: string) =>
    `"${text.replace(/[&"<>#]/g, (char) => `#${char.codePointAt(0)};`)}"`;
  const lines = ["flowchart LR"];
  for (const node of graph.nodes) {
    const id = ids.get(node.id)!;
    const text = label(nodeLines(node).join("\n")).replaceAll("\n", "<br/>");
    lines.push(
      node.item.kind === "step" ? `  ${id}[${text}]` : `  ${id}([${text}])`,
    );
  }
  for (const edge of graph.edges) {
    const arrow = edge.status === "mismatch" ? "-.->" : "-->";
    lines.push(
      `  ${ids.get(edge.from)} ${arrow}|${label(edge.rule)}| ${
        ids.get(edge.to)
      }`,
    );
  }
  for (const [status, colour] of Object.entries(STATUS_COLOURS)) {
    const members = graph.nodes.filter((node) => node.status === status);
    if (members.length === 0) continue;
    lines.push(
      `  classDef ${status} fill:${colour.fill},stroke:${colour.stroke}`,
      `  class ${members.map((node) => ids.get(node.id)).join(",")} ${status}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

function dot(graph: ChainGraph): string {
  const quote = (text: string) =>
    `"${
      text.replace(/["\\]/g, (char) => `\\${char}`).replaceAll("\n", "\\n")
    }"`;
  const lines = [
    "digraph supply_chain {",
    "  rankdir=LR;",
    '  node [shape=box, style="rounded,filled", fontname="sans-serif"];',
    '  edge [fontname="sans-serif", fontsize=10];',
  ];
  for (const node of graph.nodes) {
    const colour = STATUS_COLOURS[node.status];
    lines.push(
      `  ${quote(node.id)} [label=${quote(nodeLines(node).join("\n"))}, ${
        node.item.kind === "inspection" ? "shape=ellipse, " : ""
      }fillcolor="${colour.fill}", color="${colour.stroke}"];`,
    );
  }
  for (const edge of graph.edges) {
    lines.push(
      `  ${quote(edge.from)} -> ${quote(edge.to)} [label=${quote(edge.rule)}${
        edge.status === "mismatch"
          ? `, style=dashed, color="${STATUS_COLOURS.failed.stroke}"`
          : ""
      }];`,
    );
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}
