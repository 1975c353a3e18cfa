// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Draws the supply-chain graph as inline SVG for the HTML report, with no
 * script: items in columns (an item sits one column right of the items it
 * MATCHes from), MATCH rules as labelled curves between them. Colours come
 * from the classes `node passed|failed|unchecked` and `edge ok|mismatch|
 * unchecked`, which the report's stylesheet sets.
 *
 * @module
 */

import type { ChainGraph, GraphEdge } from "../verify/chain_graph.ts";
import { nodeLines } from "./graph_text.ts";
import { escapeHtml } from "./html.ts";

const NODE_WIDTH = 210;
const NODE_HEIGHT = 80;
const ROW_GAP = 40;
const MARGIN = 20;
/** Width of one character of the 11px label font, generously. */
const CHAR_WIDTH = 6.8;
const LABEL_LINE = 14;
const MAX_NAME = 28;
/** How far below its nodes the first edge that skips a column bends. */
const DETOUR = 44;

interface Placed {
  x: number;
  y: number;
}

/** Options of {@linkcode graphSvg}. */
export interface GraphSvgOptions {
  /**
   * Prefixes the drawing's element ids, so that one page can hold several
   * drawings (a layout's and its sublayouts').
   */
  idPrefix?: string;
}

/**
 * The graph as an `<svg>` element.
 *
 * @param graph The graph of a verification.
 * @param options Element ids' prefix.
 * @returns SVG markup, every value escaped.
 *
 * @example Usage
 * ```ts
 * import { graphSvg } from "./graph_svg.ts";
 * import assert from "node:assert/strict";
 * assert.match(graphSvg({ passed: true, nodes: [], edges: [] }), /^<svg/);
 * ```
 */
export function graphSvg(
  graph: ChainGraph,
  options: GraphSvgOptions = {},
): string {
  const marker = `${options.idPrefix ?? ""}arrow`;
  const columns = columnsOf(graph);
  const labels = edgeLabels(graph.edges);
  const longest = Math.max(
    0,
    ...[...labels.values()].flat().flatMap(labelLines).map((line) =>
      line.length
    ),
  );
  const gap = Math.max(80, Math.min(longest, 60) * CHAR_WIDTH + 40);
  const rows = new Map<number, number>();
  const placed = new Map<string, Placed>();
  for (const node of graph.nodes) {
    const column = columns.get(node.id)!;
    const row = rows.get(column) ?? 0;
    rows.set(column, row + 1);
    placed.set(node.id, {
      x: MARGIN + column * (NODE_WIDTH + gap),
      y: MARGIN + row * (NODE_HEIGHT + ROW_GAP),
    });
  }
  const width = MARGIN * 2 +
    Math.max(1, ...columns.values().map((column) => column + 1)) *
      (NODE_WIDTH + gap) -
    gap;
  const routes = routesOf(labels, columns, placed);
  const below = Math.max(
    0,
    ...routes.filter((route) => route.detour > 0).map((route) =>
      route.detour * 0.75 + route.rules.flatMap(labelLines).length *
        LABEL_LINE +
      8
    ),
  );
  const height = MARGIN * 2 - ROW_GAP + below +
    Math.max(1, ...rows.values()) * (NODE_HEIGHT + ROW_GAP);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="supply chain graph" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" style="max-width: 100%; height: auto">`,
    `<defs><marker id="${marker}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrow"/></marker></defs>`,
  ];
  for (const route of routes) {
    const status = worstStatus(
      graph.edges.filter((edge) =>
        edge.from === route.from && edge.to === route.to
      ),
    );
    parts.push(edgeSvg(route, placed, status, marker));
  }
  for (const node of graph.nodes) {
    const { x, y } = placed.get(node.id)!;
    const [name, ...rest] = nodeLines(node);
    const shown = name!.length > MAX_NAME
      ? `${name!.slice(0, MAX_NAME - 1)}…`
      : name!;
    const radius = node.item.kind === "inspection" ? NODE_HEIGHT / 2 : 8;
    parts.push(
      `<g class="node ${node.status}" data-item="${escapeHtml(node.id)}">`,
      `<title>${escapeHtml(`${node.item.kind} ${name}: ${node.status}`)}${
        node.failure === undefined ? "" : escapeHtml(`\n${node.failure}`)
      }</title>`,
      `<rect x="${x}" y="${y}" width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="${radius}"/>`,
      `<text x="${x + NODE_WIDTH / 2}" y="${y + 22}" class="name">${
        escapeHtml(shown)
      }</text>`,
      ...rest.map((line, index) =>
        `<text x="${x + NODE_WIDTH / 2}" y="${y + 40 + index * 14}">${
          escapeHtml(line)
        }</text>`
      ),
      `</g>`,
    );
  }
  parts.push("</svg>");
  return parts.join("\n");
}

/** An item sits one column right of the earlier items it MATCHes from. */
function columnsOf(graph: ChainGraph): Map<string, number> {
  const order = new Map(graph.nodes.map((node, index) => [node.id, index]));
  const columns = new Map<string, number>();
  for (const node of graph.nodes) {
    const index = order.get(node.id)!;
    const inputs = graph.edges
      .filter((edge) => edge.to === node.id && order.get(edge.from)! < index)
      .map((edge) => columns.get(edge.from)! + 1);
    columns.set(node.id, Math.max(0, ...inputs));
  }
  return columns;
}

/** How an edge is drawn: straight across, or bent below its nodes. */
interface Route {
  from: string;
  to: string;
  /** The MATCH rules it stands for. */
  rules: string[];
  /** 0 from one column to the next; else how far below it bends. */
  detour: number;
}

/**
 * Edges to the next column go straight across; the others (skipping a
 * column, or going back) bend below the nodes, each one deeper, so that
 * neither their curves nor their labels overlap.
 */
function routesOf(
  labels: ReadonlyMap<string, string[]>,
  columns: ReadonlyMap<string, number>,
  placed: ReadonlyMap<string, Placed>,
): Route[] {
  let detours = 0;
  return [...labels].map(([key, rules]) => {
    const [from, to] = key.split("\n") as [string, string];
    const adjacent = columns.get(to)! - columns.get(from)! === 1 &&
      placed.get(to)!.y === placed.get(from)!.y;
    return {
      from,
      to,
      rules,
      detour: adjacent ? 0 : DETOUR + (detours++) * (DETOUR + LABEL_LINE),
    };
  });
}

/** The rules of each (from, to) pair, one label line each. */
function edgeLabels(edges: readonly GraphEdge[]): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  for (const edge of edges) {
    const key = `${edge.from}\n${edge.to}`;
    labels.set(key, [...labels.get(key) ?? [], edge.rule]);
  }
  return labels;
}

/** A rule on two lines, to keep columns narrow: `MATCH x`, `WITH … FROM y`. */
function labelLines(rule: string): string[] {
  return rule.replace(/ (WITH (?:MATERIALS|PRODUCTS) )/, "\n$1").split("\n");
}

function worstStatus(edges: readonly GraphEdge[]): GraphEdge["status"] {
  if (edges.some((edge) => edge.status === "mismatch")) return "mismatch";
  if (edges.some((edge) => edge.status === "unchecked")) return "unchecked";
  return "ok";
}

function edgeSvg(
  route: Route,
  placed: ReadonlyMap<string, Placed>,
  status: GraphEdge["status"],
  marker: string,
): string {
  const from = placed.get(route.from)!;
  const to = placed.get(route.to)!;
  const shown = route.rules.flatMap(labelLines).map((line) =>
    line.length > 60 ? `${line.slice(0, 59)}…` : line
  );
  let path: string;
  let label: Placed;
  if (route.detour === 0) {
    const start = { x: from.x + NODE_WIDTH, y: from.y + NODE_HEIGHT / 2 };
    const end = { x: to.x, y: to.y + NODE_HEIGHT / 2 };
    const bend = (end.x - start.x) / 2;
    path = `M${start.x},${start.y} C${start.x + bend},${start.y} ${
      end.x - bend
    },${end.y} ${end.x},${end.y}`;
    // Above the line, its last line just over it.
    label = {
      x: (start.x + end.x) / 2,
      y: (start.y + end.y) / 2 - shown.length * LABEL_LINE - 4,
    };
  } else {
    const start = { x: from.x + NODE_WIDTH / 2, y: from.y + NODE_HEIGHT };
    const end = { x: to.x + NODE_WIDTH / 2, y: to.y + NODE_HEIGHT };
    const low = Math.max(start.y, end.y) + route.detour;
    path =
      `M${start.x},${start.y} C${start.x},${low} ${end.x},${low} ${end.x},${end.y}`;
    // A cubic with both controls at `low` reaches 3/4 of the way down.
    label = {
      x: (start.x + end.x) / 2,
      y: (Math.max(start.y, end.y) + route.detour * 0.75) + 2,
    };
  }
  const labelWidth = Math.max(...shown.map((line) => line.length)) *
      CHAR_WIDTH + 8;
  return [
    `<g class="edge ${status}">`,
    `<title>${escapeHtml(route.rules.join("\n"))}</title>`,
    `<path d="${path}" marker-end="url(#${marker})"/>`,
    `<rect class="label" x="${
      label.x - labelWidth / 2
    }" y="${label.y}" width="${labelWidth}" height="${
      shown.length * LABEL_LINE + 4
    }" rx="3"/>`,
    ...shown.map((line, index) =>
      `<text x="${label.x}" y="${label.y + 12 + index * LABEL_LINE}">${
        escapeHtml(line)
      }</text>`
    ),
    `</g>`,
  ].join("\n");
}
