// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A progress line on stderr while artifacts are hashed: shown only when
 * stderr is a terminal and the work has taken more than a second, redrawn at
 * most ten times a second, and erased at the end.
 *
 * @module
 */

import type { ProgressReporter, RecordProgress } from "../record/run.ts";

/** Options for {@linkcode ProgressLine}. */
export interface ProgressLineOptions {
  /** Where to draw; default stderr when it is a terminal, else nowhere. */
  write?: (text: string) => void;
  /** Milliseconds before the first drawing; default 1000. */
  delay?: number;
  /** The clock, in milliseconds; default `performance.now`. */
  now?: () => number;
}

/**
 * Draws `<label>: <done>/<total> files, <MB> MB` on one terminal line.
 *
 * @example Usage
 * ```ts
 * import { ProgressLine } from "./progress.ts";
 * import assert from "node:assert/strict";
 * const drawn: string[] = [];
 * let time = 0;
 * const line = new ProgressLine("materials", {
 *   write: (text) => drawn.push(text),
 *   now: () => time,
 * });
 * line.update({ files: 1, total: 2, bytes: 10 });
 * time = 1500;
 * line.update({ files: 2, total: 2, bytes: 2_000_000 });
 * line.done();
 * assert.deepEqual(drawn, ["\rmaterials: 2/2 files, 2.0 MB", "\r\x1b[2K"]);
 * ```
 */
export class ProgressLine implements ProgressReporter {
  #label: string;
  #write: ((text: string) => void) | undefined;
  #now: () => number;
  #start: number;
  #delay: number;
  #last = -Infinity;
  #drawn = false;

  /**
   * @param label What is being recorded, such as "materials".
   * @param options Output, delay and clock.
   */
  constructor(label: string, options: ProgressLineOptions = {}) {
    this.#label = label;
    this.#write = options.write ?? stderrWriter();
    this.#now = options.now ?? (() => performance.now());
    this.#start = this.#now();
    this.#delay = options.delay ?? 1000;
  }

  /**
   * Reports progress; draws when due.
   *
   * @param progress Files and bytes so far.
   */
  update(progress: RecordProgress): void {
    if (this.#write === undefined) return;
    const now = this.#now();
    if (now - this.#start < this.#delay) return;
    // The last update is always drawn, so that the line ends at the true
    // totals, however fast the updates before it came.
    const last = progress.files === progress.total;
    if (now - this.#last < 100 && !last) return;
    this.#last = now;
    this.#drawn = true;
    const megabytes = (progress.bytes / 1e6).toFixed(1);
    this.#write(
      `\r${this.#label}: ${progress.files}/${progress.total} files, ${megabytes} MB`,
    );
  }

  /** Erases the line if it was drawn. */
  done(): void {
    if (this.#drawn) this.#write?.("\r\x1b[2K");
    this.#drawn = false;
  }
}

function stderrWriter(): ((text: string) => void) | undefined {
  if (!Deno.stderr.isTerminal()) return undefined;
  const encoder = new TextEncoder();
  return (text) => {
    Deno.stderr.writeSync(encoder.encode(text));
  };
}
