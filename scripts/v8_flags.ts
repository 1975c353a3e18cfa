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
 * `--max-semi-space-size=2` caps V8's young generation at 2 MB per
 * semi-space (V8 lets it grow to 16 MB). intoto allocates many short-lived
 * objects while parsing a large link or walking a large tree, and the young
 * generation grew to its cap there, all of it resident. Measured on this
 * 2-core machine (two runs each): peak RSS of verifying 2 links of 100,000
 * artifacts went from 222-225 MB to 181 MB and its time from 1.0-1.1 s to
 * 0.74-0.86 s (fewer pages touched); recording the 50,000-file tree from
 * 148-151 MB to 124-131 MB at the same time (1.2 s). 1 MB saved little more
 * and cost time; 4 MB kept 132 MB on the tree.
 *
 * @module
 */

/** Flags for `deno run` and `deno compile`. */
export const V8_FLAGS: readonly string[] = [
  "--v8-flags=--no-maglev,--max-semi-space-size=2",
];
