// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The bound on timeouts, in a module of its own so that the CLI's option
 * parsing can check it without loading the process runner.
 *
 * @module
 */

/**
 * The longest timeout in seconds: a timer waits at most 2^31 - 1 ms, and a
 * longer one would fire at once.
 */
export const MAX_TIMEOUT_SECONDS: number = Math.floor((2 ** 31 - 1) / 1000);
