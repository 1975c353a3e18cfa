// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { denoRunCommand, intotoCommand, ROOT } from "../_helpers.ts";

Deno.test("demo passes the honest chain and rejects the tampered one with an explanation", async () => {
  const [program, ...args] = denoRunCommand(join(ROOT, "demo", "demo.ts"));
  const output = await new Deno.Command(program!, {
    args,
    env: { INTOTO_CMD: intotoCommand().join(" "), NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  assert.match(
    stderr,
    /PASSED: the supply chain verifies against "root.layout"/,
  );
  assert.match(
    stderr,
    /error: Step "package" materials: rule "MATCH demo-project\/\* WITH PRODUCTS FROM update-version" failed: "demo-project\/foo.py" has sha256 [0-9a-f]+\.\.\. but update-version produced [0-9a-f]+\.\.\./,
  );
  assert.equal(
    stderr.match(/^error:/gm)?.length,
    1,
    "only the tampered chain fails",
  );
  assert.doesNotMatch(
    stderr,
    /^warning:/m,
    "the layout's expected commands match what was run",
  );
  assert.match(stdout, /intoto verify -l root.layout -k alice.pub/);
});
