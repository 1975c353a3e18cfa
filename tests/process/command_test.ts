// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { isIntotoError } from "../../lib/errors.ts";
import { resolveCommand, runCommand } from "../../lib/process/command.ts";
import {
  checkStepName,
  linkFileName,
  unfinishedFileName,
  unsignedFileName,
} from "../../lib/record/names.ts";
import { compareArtifacts } from "../../lib/record/match_products.ts";
import { execute, tempDir } from "../_helpers.ts";

Deno.test("runCommand() records exit code and streams as Python text mode does", async () => {
  const byproducts = await runCommand(
    ["sh", "-c", "printf 'out\\r\\na\\rb'; printf 'é\\n' >&2; exit 3"],
    { recordStreams: true, quiet: true },
  );
  assert.deepEqual(byproducts, {
    "return-value": 3,
    stderr: "é\n",
    stdout: "out\na\nb",
  });
});

Deno.test("runCommand() stores empty streams without recordStreams", async () => {
  const byproducts = await runCommand(["sh", "-c", "echo hidden; exit 0"], {
    quiet: true,
  });
  assert.deepEqual(byproducts, { "return-value": 0, stderr: "", stdout: "" });
});

Deno.test("runCommand() records minus the signal number of a killed command", async () => {
  const byproducts = await runCommand(["sh", "-c", "kill -TERM $$"], {
    recordStreams: true,
    quiet: true,
  });
  assert.equal(byproducts["return-value"], -15);
});

Deno.test("runCommand() passes arguments without a shell", async () => {
  const dir = await tempDir();
  const byproducts = await runCommand(["echo", "$(touch pwned)", "a b"], {
    recordStreams: true,
    quiet: true,
    cwd: dir,
  });
  assert.equal(byproducts.stdout, "$(touch pwned) a b\n");
  await assert.rejects(Deno.stat(join(dir, "pwned")));
});

Deno.test("runCommand() kills a command that outlives the time limit, and its children", async () => {
  const dir = await tempDir();
  const pidFile = join(dir, "pid");
  const start = performance.now();
  await assert.rejects(
    runCommand(["sh", "-c", `sleep 30 & echo $! > ${pidFile}; wait`], {
      timeout: 1,
      quiet: true,
      recordStreams: true,
    }),
    (error) =>
      isIntotoError(error, "STEP_FAILED") &&
      /timed out after 1 s and was killed/.test(error.message),
  );
  assert.ok(performance.now() - start < 5000);
  const pid = (await Deno.readTextFile(pidFile)).trim();
  // The grandchild is gone (or a zombie waiting for init).
  await new Promise((resolve) => setTimeout(resolve, 200));
  const stat = await Deno.readTextFile(`/proc/${pid}/stat`).catch(() => "");
  assert.ok(stat === "" || / Z /.test(stat), `sleep ${pid} still runs`);
});

Deno.test("runCommand() reports a command that cannot be found", async () => {
  await assert.rejects(
    runCommand(["intoto-no-such-command"], { quiet: true }),
    (error) =>
      isIntotoError(error, "STEP_FAILED") &&
      error.message ===
        'Cannot run step command "intoto-no-such-command": command not found',
  );
});

Deno.test("resolveCommand() looks in absolute PATH entries only, never in an empty or relative one (X6)", async () => {
  const dir = await tempDir();
  const probe = "intoto-x6-probe";
  await Deno.mkdir(join(dir, "bin"));
  for (const file of [probe, join("bin", probe)]) {
    await Deno.writeTextFile(join(dir, file), "#!/bin/sh\necho hijacked\n", {
      mode: 0o755,
    });
  }
  // Resolved in a process of its own that starts in `dir`: changing this
  // process's working directory would disturb tests running in parallel.
  const module = new URL("../../lib/process/command.ts", import.meta.url);
  const paths = [
    ":/usr/bin",
    "/usr/bin:",
    "/usr/bin::/bin",
    "",
    ".",
    ".:/usr/bin",
    "/usr/bin:bin",
    "./bin",
    "bin/../bin",
    "../" + dir.split("/").pop(),
  ];
  const result = await execute([
    Deno.execPath(),
    "eval",
    `
    const { resolveCommand } = await import(${JSON.stringify(module.href)});
    const found = async (options) => {
      try {
        return await resolveCommand(${JSON.stringify(probe)}, options);
      } catch (error) {
        return error.code;
      }
    };
    const results = [];
    for (const path of ${
      JSON.stringify(paths)
    }) results.push(await found({ path }));
    results.push(await resolveCommand("./${probe}"));
    results.push(await found({ path: ${JSON.stringify(join(dir, "bin"))} }));
    console.log(JSON.stringify(results));
    `,
  ], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  const results = JSON.parse(result.stdout) as string[];
  paths.forEach((path, i) =>
    assert.equal(
      results[i],
      "STEP_FAILED",
      `PATH "${path}" found the file in the working directory`,
    )
  );
  // Only a name with a slash reaches it, as given.
  assert.deepEqual(results.slice(paths.length), [
    `./${probe}`,
    join(dir, "bin", probe),
  ]);
  assert.equal(
    await resolveCommand("sh", { path: "/nonexistent:/bin" }),
    "/bin/sh",
  );
});

Deno.test("resolveCommand() skips files that are not executable", async () => {
  const dir = await tempDir();
  await Deno.writeTextFile(join(dir, "tool"), "data", { mode: 0o644 });
  await assert.rejects(resolveCommand("tool", { path: dir }));
});

Deno.test("checkStepName() refuses names unsafe as file names (F1)", () => {
  for (
    const name of [
      "",
      ".",
      "..",
      "../x",
      "a/b",
      "a\\b",
      "a\0b",
      "x..y",
      "x\u0001",
      "x\ny",
      "x\u001b[31m",
      "x\u007f",
    ]
  ) {
    assert.throws(
      () => checkStepName(name),
      (error) => isIntotoError(error, "USAGE") && error.exitCode === 2,
      JSON.stringify(name),
    );
  }
  for (const name of ["build", "write-code", "a.b", "é ü", ".hidden"]) {
    checkStepName(name);
  }
});

Deno.test("linkFileName() and friends name files as in-toto does", () => {
  const keyid =
    "36a5529f72cf3b1cc096a28887350969212f9d6c46529658ab186fc0cb781699";
  assert.equal(linkFileName("build", keyid), "build.36a5529f.link");
  assert.equal(
    unfinishedFileName("build", keyid),
    ".build.36a5529f.link-unfinished",
  );
  assert.equal(unsignedFileName("build"), "build.link");
});

Deno.test("compareArtifacts() reports each kind of difference", () => {
  const products = JSON.parse(`{
    "same": {"sha256": "aa"},
    "gone": {"sha256": "bb"},
    "changed": {"sha256": "cc"},
    "algs": {"sha256": "dd", "sha512": "ee"},
    "__proto__": {"sha256": "ff"}
  }`);
  const result = compareArtifacts(
    products,
    {
      same: { sha256: "aa" },
      changed: { sha256: "c0" },
      algs: { sha256: "dd" },
      extra: { sha256: "11" },
    },
  );
  assert.deepEqual(result, {
    onlyInProducts: ["__proto__", "gone"],
    notInProducts: ["extra"],
    differ: ["algs", "changed"],
  });
});
