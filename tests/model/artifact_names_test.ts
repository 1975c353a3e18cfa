// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { artifactNames } from "../../lib/model/artifact_names.ts";
import { parseJson } from "../../lib/json/parse.ts";

Deno.test("artifactNames() lists what Object.keys lists, for large and odd maps", () => {
  const entries = Array.from(
    { length: 20_000 },
    (_, i) => [`dir/f${(i * 7919) % 20_000}`, { sha256: "ab" }],
  );
  const large = Object.fromEntries(entries);
  const odd = parseJson(
    '{"__proto__": {"sha256": "ab"}, "10": {"sha256": "cd"}, "2": {"sha256": "ef"}, "b": {"sha256": "01"}}',
  ) as object;
  for (const map of [large, odd, {}]) {
    assert.deepEqual(artifactNames(map), Object.keys(map));
  }
});

Deno.test("artifactNames() lists each map once, and the list cannot change", () => {
  const map = { "a.out": { sha256: "ab" } };
  const first = artifactNames(map);
  assert.equal(artifactNames(map), first);
  assert.ok(Object.isFrozen(first));
  assert.notEqual(artifactNames({ "a.out": { sha256: "ab" } }), first);
});
