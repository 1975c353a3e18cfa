// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The layout: the project owner's signed definition of the supply chain
 * (spec §4.3).
 *
 * @module
 */

import type { PublicKey } from "../keys/key.ts";

/** A rule as the layout spells it: tokens such as `["CREATE", "foo.py"]`. */
export type RuleTokens = string[];

/** Fields shared by steps and inspections. */
export interface SupplyChainItem {
  /** Unique across steps and inspections; safe as a file name. */
  name: string;
  expected_materials: RuleTokens[];
  expected_products: RuleTokens[];
}

/** A step that functionaries perform and record as links. */
export interface Step extends SupplyChainItem {
  _type: "step";
  /** Keyids (keys of `layout.keys`) allowed to sign this step's links. */
  pubkeys: string[];
  /** How many distinct keys must agree; 1 to `pubkeys.length`. */
  threshold: number;
  expected_command: string[];
}

/** A command the verifier runs after every step passed. */
export interface Inspection extends SupplyChainItem {
  _type: "inspection";
  run: string[];
}

/** A layout's signed content. */
export interface Layout {
  _type: "layout";
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  expires: string;
  readme: string;
  /** Functionary keys by keyid. */
  keys: Record<string, PublicKey>;
  steps: Step[];
  inspect: Inspection[];
}
