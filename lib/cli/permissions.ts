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
 * kept when granted and checked where they are used: `verify` runs commands
 * only for inspections, so it must work without `--allow-run` otherwise.
 */
const REQUIRED: ReadonlySet<PermissionName> = new Set(["read", "write"]);

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
 *
 * @param command The subcommand's name and permissions.
 * @throws {IntotoError} `PERMISSION_DENIED` naming every flag to add.
 */
export async function checkPermissions(
  command: { name: string; permissions: readonly PermissionName[] },
): Promise<void> {
  const missing: string[] = [];
  for (const name of command.permissions) {
    if (REQUIRED.has(name) && !(await isGranted(name))) {
      missing.push(`--allow-${name}`);
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

/**
 * Checks one scoped permission before using it, such as running a program.
 *
 * @param descriptor What to check, e.g. `{name: "run", command: "tar"}`.
 * @param what What it is for, for the message: `inspection "untar"`.
 * @throws {IntotoError} `PERMISSION_DENIED` naming the flag to add.
 */
export async function requirePermission(
  descriptor: Deno.PermissionDescriptor,
  what: string,
): Promise<void> {
  const status = await Deno.permissions.query(descriptor);
  if (status.state === "granted") return;
  const scope = "command" in descriptor && descriptor.command !== undefined
    ? `=${descriptor.command}`
    : "";
  throw new IntotoError(
    "PERMISSION_DENIED",
    `missing permission for ${what}: run with --allow-${descriptor.name}${scope}`,
  );
}

async function isGranted(name: "read" | "write" | PermissionName) {
  const whole = await Deno.permissions.query({ name });
  if (whole.state === "granted") return true;
  if (name !== "read" && name !== "write") return false;
  const here = await Deno.permissions.query({ name, path: "." });
  return here.state === "granted";
}
