// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Least privilege for subcommands: each drops at start every Deno permission
 * it does not need, and checks up front that it has the ones it must have,
 * so that a missing flag is one clear line instead of a failure halfway.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import type { PermissionName } from "./command.ts";

/** Permissions intoto never uses: always revoked. */
const NEVER: readonly Deno.PermissionName[] = ["net", "ffi"];

/** Permissions a subcommand may keep. */
const KEEPABLE: readonly PermissionName[] = [
  "read",
  "write",
  "run",
  "env",
  "sys",
];

/**
 * Permissions checked up front when kept. `run`, `env` and `sys` are only
 * kept when granted and checked where they are used (`verify` runs commands
 * only for inspections, so it must work without `--allow-run` otherwise),
 * except for the program the command line asks to run (after `--`).
 */
const REQUIRED: ReadonlySet<PermissionName> = new Set(["read", "write"]);

/** Options for {@linkcode checkPermissions}. */
export interface CheckPermissionsOptions {
  /**
   * The program the command line asks to run (`intoto run ... -- make`):
   * running it (`run`) and finding it in PATH (`env`) are then needed.
   */
  program?: string;
}

/**
 * Revokes every permission not in `keep`, and always `net` and `ffi`.
 *
 * @param keep The permissions the subcommand needs.
 */
export async function dropPermissions(
  keep: readonly PermissionName[],
): Promise<void> {
  const revoke = [
    ...NEVER,
    ...KEEPABLE.filter((name) => !keep.includes(name)),
  ];
  for (const name of revoke) {
    await Deno.permissions.revoke({ name });
  }
}

/**
 * Checks that the process has the permissions a subcommand must have.
 *
 * `read` and `write` count as granted when granted without scope, or for the
 * working directory (as with `--allow-read=.`); accesses elsewhere are still
 * checked by Deno and reported as a missing permission when they happen.
 * With a `program`, a subcommand that keeps `run` and `env` must be allowed
 * to run that program and to read `PATH`.
 *
 * @param command The subcommand's name and permissions.
 * @param options The program the command line asks to run, if any.
 * @throws {IntotoError} `PERMISSION_DENIED` naming every flag to add.
 */
export async function checkPermissions(
  command: { name: string; permissions: readonly PermissionName[] },
  options: CheckPermissionsOptions = {},
): Promise<void> {
  const missing: string[] = [];
  for (const name of command.permissions) {
    if (REQUIRED.has(name) && !(await isGranted(name))) {
      missing.push(`--allow-${name}`);
    }
  }
  const program = options.program;
  if (program !== undefined) {
    const keeps = (name: PermissionName) => command.permissions.includes(name);
    if (keeps("run") && !(await granted({ name: "run", command: program }))) {
      missing.push(`--allow-run`);
    }
    if (keeps("env") && !(await granted({ name: "env", variable: "PATH" }))) {
      missing.push(`--allow-env`);
    }
  }
  if (missing.length > 0) {
    throw new IntotoError(
      "PERMISSION_DENIED",
      `missing permission for "intoto ${command.name}": run with ${
        missing.join(" ")
      }`,
    );
  }
}

async function granted(descriptor: Deno.PermissionDescriptor) {
  return (await Deno.permissions.query(descriptor)).state === "granted";
}

async function isGranted(name: "read" | "write" | PermissionName) {
  if (await granted({ name })) return true;
  return (name === "read" || name === "write") &&
    (await granted({ name, path: "." }));
}
