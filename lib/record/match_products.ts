// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `match-products`: do the files here still equal the products a link
 * recorded? (in-toto 3 `in-toto-match-products`, added for GHSA-p86f.)
 *
 * @module
 */

import { compareCodePoints } from "../json/code_point_order.ts";
import { type ArtifactMap, type Link, sameDigests } from "../model/link.ts";
import { type ArtifactOptions, recordPaths } from "./run.ts";

/** Options for {@linkcode matchProducts}. */
export interface MatchProductsOptions extends ArtifactOptions {
  /** Files and folders to record; default `["."]`. */
  paths?: string[];
}

/** How local artifacts differ from a link's products; all sorted. */
export interface ProductMismatch {
  /** Recorded by the link but not found here. */
  onlyInProducts: string[];
  /** Found here but not recorded by the link. */
  notInProducts: string[];
  /** In both, with different digests. */
  differ: string[];
}

/**
 * Records the local artifacts and compares them with `link.products`. When
 * no `algorithms` are given, the files are hashed with every algorithm the
 * products use (sha256 when there are none), so that a link recorded with
 * `--hash sha256,sha512` can match.
 *
 * Like the reference, this does not check the link's signature.
 *
 * @param link The link.
 * @param options Paths and recording options.
 * @returns What differs; every list empty when all match.
 * @throws {IntotoError} What recording throws.
 */
export async function matchProducts(
  link: Link,
  options: MatchProductsOptions = {},
): Promise<ProductMismatch> {
  const algorithms = options.algorithms ?? algorithmsOf(link.products);
  const local = await recordPaths(options.paths ?? ["."], {
    ...options,
    algorithms,
  });
  return compareArtifacts(link.products, local);
}

/**
 * Compares two artifact maps by name and exact digest set.
 *
 * @example Usage
 * ```ts
 * import { compareArtifacts } from "./match_products.ts";
 * import assert from "node:assert/strict";
 * const result = compareArtifacts(
 *   { a: { sha256: "01" }, b: { sha256: "02" } },
 *   { b: { sha256: "03" }, c: { sha256: "04" } },
 * );
 * assert.deepEqual(result, { onlyInProducts: ["a"], notInProducts: ["c"], differ: ["b"] });
 * ```
 *
 * @param products What the link recorded.
 * @param local What is here.
 * @returns What differs, sorted by code point.
 */
export function compareArtifacts(
  products: ArtifactMap,
  local: ArtifactMap,
): ProductMismatch {
  const onlyInProducts: string[] = [];
  const differ: string[] = [];
  for (const [name, digests] of Object.entries(products)) {
    if (!Object.hasOwn(local, name)) onlyInProducts.push(name);
    else if (!sameDigests(digests, local[name]!)) differ.push(name);
  }
  const notInProducts = Object.keys(local).filter((name) =>
    !Object.hasOwn(products, name)
  );
  return {
    onlyInProducts: onlyInProducts.sort(compareCodePoints),
    notInProducts: notInProducts.sort(compareCodePoints),
    differ: differ.sort(compareCodePoints),
  };
}

function algorithmsOf(products: ArtifactMap): string[] {
  const algorithms = new Set<string>();
  for (const digests of Object.values(products)) {
    for (const algorithm of Object.keys(digests)) algorithms.add(algorithm);
  }
  return algorithms.size === 0 ? ["sha256"] : [...algorithms].sort();
}
