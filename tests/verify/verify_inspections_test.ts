// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The verification core over metadata in memory: inspections, run as real
 * subprocesses without a shell, case by case of the attack catalogue (ids in
 * the test names).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { commandInspectionRunner } from "../../lib/verify/inspection.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";
import { tempDir } from "../_helpers.ts";
import {
  ALICE,
  demoLinks,
  demoSteps,
  rejects,
  sublayoutChain,
  verify,
} from "./_chain.ts";

Deno.test("verifySupplyChain() X1 does not run a sublayout's inspections unless allowed", async () => {
  const directory = await tempDir();
  const flag = join(directory, "ran");
  const { layout, links } = await sublayoutChain({
    inspections: [{ name: "touch", run: ["touch", flag] }],
  });
  const runInspection = commandInspectionRunner({ cwd: directory });
  await rejects(
    verify(layout, links, { runInspection }),
    "VERIFICATION_FAILED",
    /inspection "touch".*unless sublayout inspections are allowed/,
  );
  await assert.rejects(Deno.stat(flag));
  const report = await verify(layout, links, {
    runInspection,
    allowSublayoutInspections: true,
  });
  assert.ok(report.passed);
  await Deno.stat(flag);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("verifySupplyChain() X2 runs inspections without a shell", async () => {
  const directory = await tempDir();
  const layout = layoutJson([], {
    inspections: [{
      name: "echo",
      run: ["echo", "$(touch pwned)", ";", "touch", "pwned2"],
    }],
  });
  const report = await verify(layout, new Map(), {
    runInspection: commandInspectionRunner({ cwd: directory }),
  });
  assert.equal(report.inspections[0]!.returnValue, 0);
  assert.deepEqual(await Array.fromAsync(Deno.readDir(directory)), []);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("verifySupplyChain() X3 runs no inspection when a step rule failed", async () => {
  const directory = await tempDir();
  const flag = join(directory, "flag");
  const steps = demoSteps([{ products: [["DISALLOW", "*"]] }]);
  const layout = layoutJson(steps, {
    inspections: [{ name: "flag", run: ["touch", flag] }],
  });
  await rejects(
    verify(layout, await demoLinks(), {
      runInspection: commandInspectionRunner({ cwd: directory }),
    }),
    "RULE_FAILED",
    /Step "write-code" products/,
  );
  await assert.rejects(Deno.stat(flag));
  await Deno.remove(directory, { recursive: true });
});

Deno.test("verifySupplyChain() X4 substitutes parameters per token and fails on a missing one", async () => {
  const steps = demoSteps([{
    products: [["CREATE", "{file}"], ["DISALLOW", "{everything}"]],
  }]);
  const layout = layoutJson(steps);
  const links = await demoLinks();
  const report = await verify(layout, links, {
    parameters: { file: "foo.py", everything: "*" },
  });
  assert.deepEqual(report.steps[0]!.products!.rules[0]!.consumed, ["foo.py"]);
  await rejects(
    verify(layout, links, {
      parameters: { file: "x WITH PRODUCTS FROM y", everything: "*" },
    }),
    "RULE_FAILED",
    /DISALLOW \*.*"foo\.py"/,
  );
  const error = await rejects(
    verify(layout, links, { parameters: { file: "foo.py" } }),
    "USAGE",
    /no value for "\{everything\}": give parameter "everything" a value/,
  );
  assert.equal(error?.report.failure?.stage, "parameters");
});

Deno.test("verifySupplyChain() X5 fails when an inspection exits non-zero, not for step byproducts", async () => {
  const directory = await tempDir();
  const runInspection = commandInspectionRunner({ cwd: directory });
  const failing = layoutJson([], {
    inspections: [{ name: "check", run: ["false"] }],
  });
  const error = await rejects(
    verify(failing, new Map(), { runInspection }),
    "INSPECTION_FAILED",
    /Inspection "check" failed: "false" exited with 1/,
  );
  assert.equal(error?.report.inspections[0]?.returnValue, 1);
  const layout = layoutJson([{ name: "build", keys: [ALICE] }]);
  const links = new Map([[
    linkFile("build", ALICE),
    await sign(linkJson("build", { returnValue: 3 }), [ALICE]),
  ]]);
  assert.ok((await verify(layout, links)).passed);
  await Deno.remove(directory, { recursive: true });
});

Deno.test("verifySupplyChain() inspections are killed after the time limit", async () => {
  const directory = await tempDir();
  const layout = layoutJson([], {
    inspections: [{ name: "slow", run: ["sleep", "5"] }],
  });
  await rejects(
    verify(layout, new Map(), {
      runInspection: commandInspectionRunner({ cwd: directory, timeout: 0.3 }),
    }),
    "INSPECTION_FAILED",
    /Inspection "slow" failed: .*timed out.*give it a longer timeout/,
  );
  await Deno.remove(directory, { recursive: true });
});

Deno.test("verifySupplyChain() inspection rules see step and inspection links", async () => {
  const directory = await tempDir();
  await Deno.writeTextFile(join(directory, "foo.py"), "print(1)\n");
  const layout = layoutJson([{ name: "write-code", keys: [ALICE] }], {
    inspections: [{
      name: "copy",
      run: ["cp", "foo.py", "bar.py"],
      materials: [["ALLOW", "foo.py"], ["DISALLOW", "*"]],
      products: [["CREATE", "bar.py"], [
        "MATCH",
        "foo.py",
        "WITH",
        "MATERIALS",
        "FROM",
        "copy",
      ], [
        "DISALLOW",
        "*",
      ]],
    }],
  });
  const links = new Map([[
    linkFile("write-code", ALICE),
    await sign(linkJson("write-code"), [ALICE]),
  ]]);
  const report = await verify(layout, links, {
    runInspection: commandInspectionRunner({ cwd: directory }),
  });
  assert.deepEqual(report.inspections[0]!.products!.rules[0]!.consumed, [
    "bar.py",
  ]);
  assert.deepEqual(
    (await Array.fromAsync(Deno.readDir(directory))).map((entry) => entry.name)
      .sort(),
    ["bar.py", "foo.py"],
  );
  await Deno.remove(directory, { recursive: true });
});
