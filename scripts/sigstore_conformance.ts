// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Runs the sigstore-conformance bundle-verification cases through an intoto
 * command line, the way the conformance harness runs a client: each case
 * directory holds `bundle.sigstore.json`, and may hold `artifact`,
 * `identity`, `issuer`, `key.pub` and `trusted_root.json`; a name ending in
 * `_fail` must fail.
 *
 *   deno run --allow-read --allow-run scripts/sigstore_conformance.ts \
 *     SUITE_DIR -- INTOTO_COMMAND...
 *
 * e.g. `... testdata/sigstore/conformance -- deno run --allow-read cli.ts`.
 * Exits 0 when every case gives the expected verdict, else 1.
 *
 * @module
 */

import { join } from "node:path";

/** The identity a case expects when it has no `identity` file. */
export const DEFAULT_IDENTITY =
  "https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/extremely-dangerous-oidc-beacon.yml@refs/heads/main";
/** The issuer a case expects when it has no `issuer` file. */
export const DEFAULT_ISSUER = "https://token.actions.githubusercontent.com";

/** One case: its name, whether it must fail, and the intoto arguments. */
export interface ConformanceCase {
  /** The directory name. */
  name: string;
  /** Whether verification must fail. */
  fail: boolean;
  /** The `intoto` arguments, starting with `attest verify`. */
  args: string[];
}

async function optionalText(path: string): Promise<string | undefined> {
  try {
    return (await Deno.readTextFile(path)).trim();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.stat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/**
 * The cases of a suite directory, sorted by name.
 *
 * @param suite The `bundle-verify` directory.
 * @returns Each case with its command line.
 */
export async function conformanceCases(
  suite: string,
): Promise<ConformanceCase[]> {
  const cases: ConformanceCase[] = [];
  for await (const entry of Deno.readDir(suite)) {
    if (!entry.isDirectory) continue;
    const dir = join(suite, entry.name);
    const args = [
      "attest",
      "verify",
      "--bundle",
      join(dir, "bundle.sigstore.json"),
    ];
    if (await exists(join(dir, "key.pub"))) {
      args.push("--key", join(dir, "key.pub"));
    } else {
      args.push(
        "--certificate-identity",
        await optionalText(join(dir, "identity")) ?? DEFAULT_IDENTITY,
        "--certificate-oidc-issuer",
        await optionalText(join(dir, "issuer")) ?? DEFAULT_ISSUER,
      );
    }
    if (await exists(join(dir, "trusted_root.json"))) {
      args.push("--trusted-root", join(dir, "trusted_root.json"));
    }
    const artifact = await exists(join(dir, "artifact"))
      ? join(dir, "artifact")
      : join(suite, "a.txt");
    args.push("--", artifact);
    cases.push({ name: entry.name, fail: entry.name.endsWith("_fail"), args });
  }
  return cases.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * What is wrong with one run's outcome, or undefined when it is right:
 * a pass exits 0; a fail exits 1 or 2 with exactly one `error:` line on
 * stderr and no stack trace.
 *
 * @param kase The case.
 * @param code The exit code.
 * @param stderr Its standard error.
 * @returns The problem, if any.
 */
export function outcomeProblem(
  kase: ConformanceCase,
  code: number,
  stderr: string,
): string | undefined {
  if (!kase.fail) {
    return code === 0 ? undefined : `expected exit 0, got ${code}: ${stderr}`;
  }
  if (code !== 1 && code !== 2) return `expected exit 1 or 2, got ${code}`;
  const lines = stderr.split("\n").filter((line) => line !== "");
  if (lines.length !== 1 || !lines[0]!.startsWith("error: ")) {
    return `expected one "error:" line, got: ${stderr}`;
  }
  if (/\n\s+at /.test(stderr)) return "printed a stack trace";
  return undefined;
}

if (import.meta.main) {
  const split = Deno.args.indexOf("--");
  const suite = Deno.args[0];
  const command = Deno.args.slice(split + 1);
  if (split !== 1 || suite === undefined || command.length === 0) {
    console.error(
      "usage: sigstore_conformance.ts SUITE_DIR -- INTOTO_COMMAND...",
    );
    Deno.exit(2);
  }
  let failed = 0;
  const cases = await conformanceCases(suite);
  for (const kase of cases) {
    const output = await new Deno.Command(command[0]!, {
      args: [...command.slice(1), ...kase.args],
      stdout: "null",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    const problem = outcomeProblem(kase, output.code, stderr);
    console.log(
      `${problem === undefined ? "ok  " : "FAIL"} ${kase.name}${
        problem === undefined ? "" : `: ${problem}`
      }`,
    );
    if (problem !== undefined) failed++;
  }
  console.log(`${cases.length - failed}/${cases.length} cases as expected`);
  Deno.exit(failed === 0 ? 0 : 1);
}
