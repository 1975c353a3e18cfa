// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A small SVG line chart writer for the benchmark's growth plot: panels side
 * by side, logarithmic axes, one polyline per series, a shared legend. No
 * network, no dependency: the plot is text this module writes.
 *
 * @module
 */

/** One line of a panel: a label, a colour and its points. */
export interface Series {
  /** Such as "intoto run". */
  label: string;
  /** A CSS colour. */
  color: string;
  /** Dashed (for the reference) or solid. */
  dashed?: boolean;
  /** Points as [x, y], both positive (the axes are logarithmic). */
  points: readonly (readonly [number, number])[];
}

/** One chart. */
export interface Panel {
  /** Title above the chart, such as "wall time". */
  title: string;
  /** The y axis's unit, such as "s" or "MB". */
  unit: string;
  /** Its lines. */
  series: readonly Series[];
}

const PANEL_WIDTH = 420;
const PANEL_HEIGHT = 300;
const MARGIN = { left: 56, right: 16, top: 34, bottom: 44 };
const LEGEND_HEIGHT = 28;

/** Powers of ten from below `low` to above `high`, and the 2 and 5 steps. */
function ticks(low: number, high: number): number[] {
  const values: number[] = [];
  for (
    let power = Math.floor(Math.log10(low));
    power <= Math.ceil(Math.log10(high));
    power++
  ) {
    for (const step of [1, 2, 5]) {
      const value = step * 10 ** power;
      if (value >= low / 1.0001 && value <= high * 1.0001) values.push(value);
    }
  }
  return values;
}

/** A number as an axis label: 10k, 1M, 0.5, 200. */
function label(value: number): string {
  if (value >= 1e6) return `${value / 1e6}M`;
  if (value >= 1e3) return `${value / 1e3}k`;
  return String(Number(value.toPrecision(3)));
}

function escape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(
    ">",
    "&gt;",
  );
}

/** A scale from [low, high] (logarithmic, widened to powers of 2 and 5). */
function logScale(
  values: number[],
  length: number,
  flip: boolean,
): { at: (value: number) => number; ticks: number[] } {
  const low = Math.min(...values);
  const high = Math.max(...values);
  const span = ticks(low / 10, high * 10);
  const from = span.filter((value) => value <= low).at(-1) ?? low;
  const to = span.find((value) => value >= high) ?? high;
  const [a, b] = [Math.log10(from), Math.log10(to === from ? to * 10 : to)];
  const at = (value: number) => {
    const share = (Math.log10(value) - a) / (b - a);
    return (flip ? 1 - share : share) * length;
  };
  return { at, ticks: ticks(from, to) };
}

function panel(chart: Panel, xLabel: string, x0: number): string[] {
  const width = PANEL_WIDTH - MARGIN.left - MARGIN.right;
  const height = PANEL_HEIGHT - MARGIN.top - MARGIN.bottom;
  const points = chart.series.flatMap((one) => one.points);
  const x = logScale(points.map(([value]) => value), width, false);
  const y = logScale(points.map(([, value]) => value), height, true);
  const left = x0 + MARGIN.left;
  const top = MARGIN.top;
  const px = (value: number) => (left + x.at(value)).toFixed(1);
  const py = (value: number) => (top + y.at(value)).toFixed(1);
  const lines = [
    `<text x="${
      left + width / 2
    }" y="20" text-anchor="middle" font-weight="bold">${escape(chart.title)} (${
      escape(chart.unit)
    }, log scale)</text>`,
    `<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="none" stroke="#999"/>`,
  ];
  for (const value of y.ticks) {
    lines.push(
      `<line x1="${left}" x2="${left + width}" y1="${py(value)}" y2="${
        py(value)
      }" stroke="#ddd"/>`,
      `<text x="${left - 6}" y="${py(value)}" dy="4" text-anchor="end">${
        label(value)
      }</text>`,
    );
  }
  for (const value of x.ticks) {
    lines.push(
      `<line x1="${px(value)}" x2="${px(value)}" y1="${top}" y2="${
        top + height
      }" stroke="#ddd"/>`,
      `<text x="${px(value)}" y="${top + height + 16}" text-anchor="middle">${
        label(value)
      }</text>`,
    );
  }
  lines.push(
    `<text x="${left + width / 2}" y="${
      top + height + 34
    }" text-anchor="middle">${escape(xLabel)}</text>`,
  );
  for (const one of chart.series) {
    if (one.points.length === 0) continue;
    const path = one.points.map(([a, b]) => `${px(a)},${py(b)}`).join(" ");
    lines.push(
      `<polyline points="${path}" fill="none" stroke="${one.color}" stroke-width="2"${
        one.dashed ? ' stroke-dasharray="6 4"' : ""
      }/>`,
      ...one.points.map(([a, b]) =>
        `<circle cx="${px(a)}" cy="${py(b)}" r="3" fill="${one.color}"/>`
      ),
    );
  }
  return lines;
}

/**
 * Writes panels side by side, with one legend of the first panel's series
 * under them.
 *
 * @param panels The charts; each needs at least one point.
 * @param xLabel The shared x axis's label, such as "files".
 * @returns The SVG document.
 */
export function lineCharts(panels: readonly Panel[], xLabel: string): string {
  const width = PANEL_WIDTH * panels.length;
  const height = PANEL_HEIGHT + LEGEND_HEIGHT;
  const body = panels.flatMap((chart, index) =>
    panel(chart, xLabel, index * PANEL_WIDTH)
  );
  const legend = (panels[0]?.series ?? []).flatMap((one, index) => {
    const x = MARGIN.left + index * 170;
    const y = PANEL_HEIGHT + 10;
    return [
      `<line x1="${x}" x2="${
        x + 28
      }" y1="${y}" y2="${y}" stroke="${one.color}" stroke-width="2"${
        one.dashed ? ' stroke-dasharray="6 4"' : ""
      }/>`,
      `<text x="${x + 34}" y="${y}" dy="4">${escape(one.label)}</text>`,
    ];
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    ...body,
    ...legend,
    "</svg>",
    "",
  ].join("\n");
}
