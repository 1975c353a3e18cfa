// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Real GnuPG keyrings for the GPG tests: a fresh GNUPGHOME per test, keys
 * made with `--quick-gen-key` (no passphrase), and gpg run without a shell.
 *
 * @module
 */

import { join } from "node:path";
import { execute, FIXTURES, type RunResult } from "./_helpers.ts";

/** A temporary GnuPG home. */
export interface GpgHome {
  /** The folder (mode 700). */
  home: string;
  /** Runs gpg on this home; throws when it fails. */
  gpg(args: string[], stdin?: string): Promise<RunResult>;
  /** Makes a key and returns its fingerprint (uppercase, as gpg prints). */
  generate(
    uid: string,
    algorithm: string,
    usage: string,
    expire?: string,
    extra?: string[],
  ): Promise<string>;
  /** Adds a subkey and returns its fingerprint. */
  addSubkey(
    primary: string,
    algorithm: string,
    usage: string,
    extra?: string[],
  ): Promise<string>;
  /** Writes `gpg --export [KEYID]` to a file and returns its path. */
  export(keyid: string, armor?: boolean): Promise<string>;
  /** Stops the agent and removes the folder. */
  dispose(): Promise<void>;
}

/** The environment gpg runs with for `home`. */
export function gpgEnv(home: string): Record<string, string> {
  return { GNUPGHOME: home };
}

/**
 * Makes a GnuPG home, empty or a copy of a fixture keyring
 * (`gpg_keyrings/rsa`).
 *
 * @param fixture A folder under FIXTURES to copy, if any.
 * @returns The home.
 */
export async function gpgHome(fixture?: string): Promise<GpgHome> {
  const home = await Deno.makeTempDir({ prefix: "intoto-gpg-" });
  await Deno.chmod(home, 0o700);
  if (fixture !== undefined) {
    for await (const entry of Deno.readDir(join(FIXTURES, fixture))) {
      if (entry.isFile) {
        await Deno.copyFile(
          join(FIXTURES, fixture, entry.name),
          join(home, entry.name),
        );
      }
    }
  }
  const gpg = async (args: string[], stdin?: string) => {
    const result = await execute(
      ["gpg", "--batch", "--homedir", home, ...args],
      { env: gpgEnv(home), ...(stdin === undefined ? {} : { stdin }) },
    );
    if (result.code !== 0) {
      throw new Error(`gpg ${args.join(" ")} failed: ${result.stderr}`);
    }
    return result;
  };
  const fingerprints = async (keyid: string) =>
    (await gpg(["--list-keys", "--with-colons", keyid])).stdout.split("\n")
      .filter((line) => line.startsWith("fpr:")).map((line) =>
        line.split(":")[9]!
      );
  return {
    home,
    gpg,
    async generate(uid, algorithm, usage, expire = "0", extra = []) {
      await gpg([
        ...extra,
        "--passphrase",
        "",
        "--quick-gen-key",
        uid,
        algorithm,
        usage,
        expire,
      ]);
      return (await fingerprints(uid))[0]!;
    },
    async addSubkey(primary, algorithm, usage, extra = []) {
      const before = await fingerprints(primary);
      await gpg([
        ...extra,
        "--passphrase",
        "",
        "--quick-add-key",
        primary,
        algorithm,
        usage,
        "0",
      ]);
      return (await fingerprints(primary)).find((fpr) =>
        !before.includes(fpr)
      )!;
    },
    async export(keyid, armor = false) {
      const path = join(
        home,
        `${keyid}-${crypto.randomUUID()}.${armor ? "asc" : "gpg"}`,
      );
      const args = [
        "--export",
        ...(armor ? ["--armor"] : []),
        "--output",
        path,
        keyid,
      ];
      await gpg(args);
      return path;
    },
    async dispose() {
      await execute(["gpgconf", "--kill", "gpg-agent"], { env: gpgEnv(home) });
      await Deno.remove(home, { recursive: true });
    },
  };
}

/**
 * Runs a test with a GnuPG home, removed afterwards.
 *
 * @param fixture A keyring fixture to copy, if any.
 * @param test The test.
 */
export async function withGpgHome(
  fixture: string | undefined,
  test: (home: GpgHome) => Promise<void>,
): Promise<void> {
  const home = await gpgHome(fixture);
  try {
    await test(home);
  } finally {
    await home.dispose();
  }
}
