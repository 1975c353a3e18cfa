// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The process edge of verification: running an inspection. The command is
 * an argv given straight to `Deno.Command` (no shell, attack catalogue X2),
 * looked up in `PATH` only, killed after a time limit; the working
 * directory is recorded before (materials) and after (products) with the
 * reference's default excludes. The link stays in memory: nothing is written.
 *
 * @module
 */

import { recordArtifacts } from "../artifacts/record.ts";
import { IntotoError } from "../errors.ts";
import type { Inspection } from "../model/layout.ts";
import type { Link } from "../model/link.ts";
import { runCommand } from "../process/command.ts";
import type { InspectionRunner } from "./verify.ts";

/** The default time limit of an inspection command, in seconds. */
export const DEFAULT_INSPECTION_TIMEOUT = 10;

/** Options for {@linkcode commandInspectionRunner}. */
export interface InspectionRunnerOptions {
  /** Seconds before the command is killed (default 10). */
  timeout?: number;
  /** The directory the command runs in and that is recorded (default: ours). */
  cwd?: string;
}

/**
 * An {@linkcode InspectionRunner} that runs inspection commands on this
 * machine.
 *
 * @param options Time limit and working directory.
 * @returns The runner.
 *
 * @example Usage
 * ```ts ignore
 * import { commandInspectionRunner } from "./inspection.ts";
 * const run = commandInspectionRunner({ timeout: 30 });
 * const link = await run({ _type: "inspection", name: "ls", run: ["ls"],
 *   expected_materials: [], expected_products: [] });
 * ```
 */
export function commandInspectionRunner(
  options: InspectionRunnerOptions = {},
): InspectionRunner {
  const timeout = options.timeout ?? DEFAULT_INSPECTION_TIMEOUT;
  const cwd = options.cwd ?? Deno.cwd();
  return async (inspection: Inspection): Promise<Link> => {
    const record = () => recordArtifacts(["."], { basePath: cwd });
    const materials = await record();
    let byproducts;
    try {
      // Streams are recorded, not shown, so that a failure can quote them.
      byproducts = await runCommand(inspection.run, {
        timeout,
        recordStreams: true,
        quiet: true,
        cwd,
        purpose: `inspection "${inspection.name}"`,
      });
    } catch (error) {
      if (!(error instanceof IntotoError) || error.code !== "STEP_FAILED") {
        throw error;
      }
      throw new IntotoError(
        "INSPECTION_FAILED",
        `Inspection "${inspection.name}" failed: ${error.message}`,
        {
          cause: error,
          ...(error.remedy === undefined
            ? {}
            : { remedy: { option: "inspectionTimeout" } }),
        },
      );
    }
    const products = await record();
    return {
      _type: "link",
      name: inspection.name,
      command: [...inspection.run],
      materials,
      products,
      byproducts: { ...byproducts },
      environment: {},
    };
  };
}
