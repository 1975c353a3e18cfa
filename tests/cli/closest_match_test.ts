// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { closestMatch } from "../../lib/cli/closest_match.ts";

Deno.test("closestMatch() suggests only close candidates", () => {
  assert.equal(closestMatch("verfy", ["verify", "sign", "run"]), "verify");
  assert.equal(closestMatch("sgin", ["verify", "sign", "run"]), "sign");
  assert.equal(
    closestMatch("frobnicate", ["verify", "sign", "run"]),
    undefined,
  );
});
