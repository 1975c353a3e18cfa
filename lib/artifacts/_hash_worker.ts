// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Worker entry of the hashing pool: hashes batches of files synchronously
 * (createHash runs on the calling thread, so workers use the other cores).
 *
 * @module
 */

/// <reference lib="deno.worker" />

import { hashFileSync } from "./hash.ts";
import type { HashRequest, HashResponse, HashResult } from "./_pool.ts";

self.onmessage = (event: MessageEvent<HashRequest>) => {
  const { id, paths, algorithms, normalizeLineEndings } = event.data;
  const results: HashResult[] = [];
  let bytes = 0;
  for (const path of paths) {
    try {
      const hashed = hashFileSync(path, algorithms, { normalizeLineEndings });
      bytes += hashed.bytes;
      results.push({ digests: hashed.digests });
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      results.push({
        error: {
          code: typeof code === "string" ? code : "IO_ERROR",
          message: error instanceof Error ? error.message : String(error),
        },
      });
    }
  }
  const response: HashResponse = { id, results, bytes };
  self.postMessage(response);
};
