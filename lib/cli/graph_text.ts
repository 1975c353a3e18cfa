// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The supply-chain graph as text, for docs and CI logs: Mermaid
 * (`flowchart LR`) and Graphviz DOT. `intoto verify --graph mermaid|dot`.
 *
 * @module
 */

import type {
  ChainGraph,
  GraphNode,
  NodeStatus,
} from "../verify/chain_graph.ts";
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
  const lines = ["flowchart LR"];
  const classes = new Map<NodeStatus, string[]>();
  mermaidItems(graph, { prefix: "", indent: "  ", lines, classes });
  for (const [status, colour] of Object.entries(STATUS_COLOURS)) {
    const members = classes.get(status as NodeStatus);
    if (members === undefined) continue;
    lines.push(
      `  classDef ${status} fill:${colour.fill},stroke:${colour.stroke}`,
      `  class ${members.join(",")} ${status}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** Where {@linkcode mermaidItems} and {@linkcode dotItems} write a graph. */
interface TextOutput {
  /** Before each id: "" for the layout, the sublayout's otherwise. */
  prefix: string;
  indent: string;
  lines: string[];
}

/** A sublayout's title, such as "sublayout 1 of build: failed". */
function sublayoutTitle(node: GraphNode, index: number, sub: ChainGraph) {
  return `sublayout ${index + 1} of ${node.item.name}: ${
    sub.passed ? "passed" : "failed"
  }`;
}

/** A graph's nodes and edges, then each sublayout as a subgraph. */
function mermaidItems(
  graph: ChainGraph,
  out: TextOutput & { classes: Map<NodeStatus, string[]> },
): void {
  const { prefix, indent, lines, classes } = out;
  const ids = new Map(
    graph.nodes.map((node, index) => [node.id, `${prefix}n${index}`]),
  );
  for (const node of graph.nodes) {
    const id = ids.get(node.id)!;
    const text = mermaidLabel(nodeLines(node).join("\n")).replaceAll(
      "\n",
      "<br/>",
    );
    lines.push(
      node.item.kind === "step"
        ? `${indent}${id}[${text}]`
        : `${indent}${id}([${text}])`,
    );
    const members = classes.get(node.status) ?? [];
    classes.set(node.status, members);
    members.push(id);
  }
  for (const edge of graph.edges) {
    const arrow = edge.status === "mismatch" ? "-.->" : "-->";
    lines.push(
      `${indent}${ids.get(edge.from)} ${arrow}|${mermaidLabel(edge.rule)}| ${
        ids.get(edge.to)
      }`,
    );
  }
  for (const node of graph.nodes) {
    node.sublayouts?.forEach((sub, index) => {
      const id = `${ids.get(node.id)}s${index}`;
      lines.push(
        `${indent}subgraph ${id} [${
          mermaidLabel(sublayoutTitle(node, index, sub))
        }]`,
      );
      mermaidItems(sub, { ...out, prefix: id, indent: `${indent}  ` });
      lines.push(`${indent}end`, `${indent}${ids.get(node.id)} -.- ${id}`);
    });
  }
}

/** Mermaid's quoted label, its markup characters as entities. */
function mermaidLabel(text: string): string {
  return `"${text.replace(/[&"<>#]/g, (char) => `#${char.codePointAt(0)};`)}"`;
}

function dot(graph: ChainGraph): string {
  const lines = [
    "digraph supply_chain {",
    "  rankdir=LR;",
    ...hasSublayouts(graph) ? ["  compound=true;"] : [],
    '  node [shape=box, style="rounded,filled", fontname="sans-serif"];',
    '  edge [fontname="sans-serif", fontsize=10];',
  ];
  dotItems(graph, { prefix: "", indent: "  ", lines });
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function hasSublayouts(graph: ChainGraph): boolean {
  return graph.nodes.some((node) => node.sublayouts !== undefined);
}

/** A graph's nodes and edges, then each sublayout as a cluster. */
function dotItems(graph: ChainGraph, out: TextOutput): void {
  const { prefix, indent, lines } = out;
  for (const node of graph.nodes) {
    const colour = STATUS_COLOURS[node.status];
    lines.push(
      `${indent}${dotQuote(prefix + node.id)} [label=${
        dotQuote(nodeLines(node).join("\n"))
      }, ${
        node.item.kind === "inspection" ? "shape=ellipse, " : ""
      }fillcolor="${colour.fill}", color="${colour.stroke}"];`,
    );
  }
  for (const edge of graph.edges) {
    lines.push(
      `${indent}${dotQuote(prefix + edge.from)} -> ${
        dotQuote(prefix + edge.to)
      } [label=${dotQuote(edge.rule)}${
        edge.status === "mismatch"
          ? `, style=dashed, color="${STATUS_COLOURS.failed.stroke}"`
          : ""
      }];`,
    );
  }
  for (const node of graph.nodes) {
    node.sublayouts?.forEach((sub, index) => {
      const inner = `${prefix}${node.id}/sublayout ${index + 1}/`;
      const cluster = dotQuote(`cluster ${inner}`);
      lines.push(
        `${indent}subgraph ${cluster} {`,
        `${indent}  label=${dotQuote(sublayoutTitle(node, index, sub))};`,
        `${indent}  style="rounded,dashed"; color="${
          STATUS_COLOURS[sub.passed ? "passed" : "failed"].stroke
        }";`,
      );
      dotItems(sub, { prefix: inner, indent: `${indent}  `, lines });
      lines.push(`${indent}}`);
      const first = sub.nodes[0];
      if (first !== undefined) {
        lines.push(
          `${indent}${dotQuote(prefix + node.id)} -> ${
            dotQuote(inner + first.id)
          } [lhead=${cluster}, style=dotted, arrowhead=none];`,
        );
      }
    });
  }
}

/** A DOT string: quotes and backslashes escaped, line breaks as `\\n`. */
function dotQuote(text: string): string {
  return `"${
    text.replace(/["\\]/g, (char) => `\\${char}`).replaceAll("\n", "\\n")
  }"`;
}
