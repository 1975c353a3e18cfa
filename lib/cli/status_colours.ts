// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The colours of a result, shared by the HTML report and the text graphs so
 * that a step looks the same in each.
 *
 * @module
 */

/** Fill and stroke of a step or inspection by its result. */
export const STATUS_COLOURS = {
  passed: { fill: "#e6f4ea", stroke: "#1e7e34" },
  failed: { fill: "#fde2e1", stroke: "#c62828" },
  unchecked: { fill: "#f1f3f4", stroke: "#80868b" },
} as const;
