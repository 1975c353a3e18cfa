// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The V8 flags intoto runs with: `deno compile` bakes them into the
 * executable, and the tests and benchmarks start the sources and the bundle
 * with them. `cli.ts`'s first line, the `intoto` task of deno.json and
 * `.ci/run` write them out too; a test checks that they all agree.
 *
 * `--no-maglev` turns off V8's mid-tier optimising compiler. Recording a
 * tree keeps both cores busy hashing, and Maglev's compiles compete with
 * that work for code that TurboFan compiles again soon after: over 10 to 16
 * interleaved pairs on the 50,000-file tree, the run took 30 to 70 ms less
 * wall time (median) and 80 to 140 ms less CPU without it. Verify, which
 * works on one core and leaves the other to the compilers, took about 25 ms
 * more of its 0.9 s (mean over 10 to 16 pairs); start-up and the 1 GiB file
 * did not measurably change. intoto works the same without the flag, only
 * slower on large trees.
 *
 * @module
 */

/** Flags for `deno run` and `deno compile`. */
export const V8_FLAGS: readonly string[] = ["--v8-flags=--no-maglev"];
