// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * One supply chain step: record the materials, run the command, record the
 * products, and describe it all as a link.
 *
 * @module
 */

import { recordArtifacts } from "../artifacts/record.ts";
import type { ArtifactMap, Link } from "../model/link.ts";
import { resolveCommand, runCommand } from "../process/command.ts";
import { checkStepName } from "./names.ts";

/** How artifacts are recorded (see `recordArtifacts`). */
export interface ArtifactOptions {
  /** Folder the artifact paths are relative to; not part of the names. */
  basePath?: string;
  /** gitignore-style patterns; undefined means the reference's defaults. */
  excludes?: string[];
  /** Prefixes removed from the recorded names. */
  lstripPaths?: string[];
  /** Descend into symlinked folders (with loop detection). */
  followSymlinkDirs?: boolean;
  /** Hash text with CRLF and CR turned into LF. */
  normalizeLineEndings?: boolean;
  /** Hash algorithms; default `["sha256"]`. */
  algorithms?: string[];
  /** Receives a warning, such as a skipped symlink. */
  warn?: (message: string) => void;
  /**
   * Makes a progress reporter for one recording, given what is recorded
   * ("materials", "products"); see `ProgressLine`.
   */
  progress?: (label: string) => ProgressReporter;
}

/** Receives progress while artifacts are hashed. */
export interface ProgressReporter {
  /** Called as files are hashed. */
  update(progress: RecordProgress): void;
  /** Called once recording ended, successfully or not. */
  done(): void;
}

/** Progress while recording artifacts. */
export interface RecordProgress {
  /** Files hashed so far. */
  files: number;
  /** Files to hash in all. */
  total: number;
  /** Bytes hashed so far. */
  bytes: number;
}

/** Options for {@linkcode runStep}. */
export interface RunStepOptions extends ArtifactOptions {
  /** The step name (checked to be safe as a file name). */
  name: string;
  /** Paths recorded before the command. */
  materials?: string[];
  /** Paths recorded after the command. */
  products?: string[];
  /**
   * The command and its arguments; empty or undefined runs nothing and
   * records `command: []` and `byproducts: {}` (`--no-command`).
   */
  command?: string[];
  /** Record stdout and stderr in the byproducts. */
  recordStreams?: boolean;
  /** Seconds before the command is killed; default 10. */
  timeout?: number;
  /** Do not show the command's output. */
  quiet?: boolean;
}

/**
 * Records a step as in-toto-run does and returns its (unsigned) link. A
 * command that cannot be found in PATH fails before anything is recorded.
 *
 * @example Usage
 * ```ts
 * import { runStep } from "./run.ts";
 * import assert from "node:assert/strict";
 * const link = await runStep({ name: "noop", command: ["true"] });
 * assert.deepEqual(link.byproducts, { "return-value": 0, stderr: "", stdout: "" });
 * ```
 *
 * @param options Step name, paths, command, recording options.
 * @returns The link.
 * @throws {IntotoError} `USAGE` for an unsafe step name, `STEP_FAILED` when
 * the command cannot run or times out, and what recording throws.
 */
export async function runStep(options: RunStepOptions): Promise<Link> {
  checkStepName(options.name);
  const command = options.command ?? [];
  // A command that cannot be found fails before the materials are recorded.
  if (command.length > 0) await resolveCommand(command[0]!);
  const materials = await recordPaths(options.materials, {
    ...options,
    label: "materials",
  });
  const byproducts = command.length === 0 ? {} : {
    ...await runCommand(command, {
      recordStreams: options.recordStreams ?? false,
      quiet: options.quiet ?? false,
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    }),
  };
  const products = await recordPaths(options.products, {
    ...options,
    label: "products",
  });
  return {
    _type: "link",
    name: options.name,
    command: [...command],
    materials,
    products,
    byproducts,
    environment: {},
  };
}

/**
 * Records `paths` with the artifact options (no paths: an empty map). A
 * recorded name that `verify` would reject as an unclean artifact name (an
 * absolute path, a `..` segment: `-m /etc/hostname`, `-m ../x`) is kept, as
 * the reference records it, with a warning that says how to record it
 * cleanly.
 *
 * @param paths Files and folders, or undefined.
 * @param options How to record; `label` names the recording for progress
 * and warnings.
 * @returns The artifacts.
 */
export async function recordPaths(
  paths: string[] | undefined,
  options: ArtifactOptions & { label?: string },
): Promise<ArtifactMap> {
  if (paths === undefined || paths.length === 0) return {};
  const reporter = options.progress?.(options.label ?? "artifacts");
  const { basePath, excludes, lstripPaths, algorithms, warn } = options;
  try {
    return await recordArtifacts(paths, {
      ...(basePath === undefined ? {} : { basePath }),
      ...(excludes === undefined ? {} : { excludes }),
      ...(lstripPaths === undefined ? {} : { lstripPaths }),
      ...(algorithms === undefined ? {} : { algorithms }),
      ...(warn === undefined ? {} : { warn }),
      ...(reporter === undefined ? {} : {
        onProgress: (files: number, total: number, bytes: number) =>
          reporter.update({ files, total, bytes }),
      }),
      followSymlinkDirs: options.followSymlinkDirs ?? false,
      normalizeLineEndings: options.normalizeLineEndings ?? false,
    });
  } finally {
    reporter?.done();
  }
}
