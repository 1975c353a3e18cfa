// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A signal to intoto, or a timeout, ends the whole tree of the step's
 * command (with or without a terminal on stdin), writes no link, and exits
 * 128 + N for signal N.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  FIXTURES,
  intotoCommand,
  tempDir,
  underTerminal,
} from "../_helpers.ts";

const KEY = ["-k", join(FIXTURES, "demo_files", "danny"), "-t", "ed25519"];

/** The `sleep MARKER` processes (from `ps`). */
function processesWith(marker: string): number[] {
  const output = new Deno.Command("ps", {
    args: ["-eo", "pid=,args="],
    stdout: "piped",
  }).outputSync();
  return new TextDecoder().decode(output.stdout).split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((words) => words[1] === "sleep" && words[2] === marker)
    .map((words) => Number(words[0]));
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`gave up waiting: ${what}`);
}

/**
 * A step command that forks a sleeper and sleeps itself. The sleepers
 * ignore SIGHUP, so that closing a terminal does not end them: only what
 * intoto does can.
 */
function forkingCommand(marker: string): string[] {
  return [
    "sh",
    "-c",
    `trap "" HUP; sleep ${marker} & sleep ${marker}; echo surv""ived`,
  ];
}

for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
  Deno.test(`intoto run stopped by ${signal} stops the command's tree, writes no link and exits ${code}`, async () => {
    const directory = await tempDir();
    const marker = signal === "SIGINT" ? "301.5" : "302.5";
    const child = new Deno.Command(intotoCommand()[0]!, {
      args: [
        ...intotoCommand().slice(1),
        "run",
        "-n",
        "s",
        ...KEY,
        "--run-timeout",
        "60",
        "--",
        ...forkingCommand(marker),
      ],
      cwd: directory,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    try {
      await waitFor(() => processesWith(marker).length === 2, "both sleepers");
      child.kill(signal);
      const output = await child.output();
      const stderr = new TextDecoder().decode(output.stderr);
      assert.equal(output.code, code, stderr);
      assert.match(
        stderr,
        new RegExp(`^error: Interrupted by ${signal}: `, "m"),
      );
      assert.deepEqual(await Array.fromAsync(Deno.readDir(directory)), []);
      await waitFor(
        () => processesWith(marker).length === 0,
        "no sleeper left",
      );
    } finally {
      for (const pid of processesWith(marker)) Deno.kill(pid, "SIGKILL");
    }
  });
}

Deno.test("intoto run under a terminal kills the command's whole tree at its timeout", async () => {
  const directory = await tempDir();
  const marker = "303.5";
  const argv = [
    ...intotoCommand(),
    "run",
    "-n",
    "s",
    ...KEY,
    "--run-timeout",
    "1",
    "--",
    ...forkingCommand(marker),
  ];
  try {
    const result = await underTerminal(argv, { cwd: directory });
    assert.equal(result.code, 1, result.out);
    assert.match(result.out, /timed out after 1 s and was killed/);
    assert.doesNotMatch(result.out, /survived/);
    await waitFor(() => processesWith(marker).length === 0, "no sleeper left");
  } finally {
    for (const pid of processesWith(marker)) Deno.kill(pid, "SIGKILL");
  }
});
