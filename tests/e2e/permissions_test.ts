// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import { join } from "node:path";
import { FIXTURES, ROOT, type RunResult, tempDir } from "../_helpers.ts";

const CLI = join(ROOT, "cli.ts");
const DEMO = join(FIXTURES, "demo_files");

/** Runs `deno run <flags> cli.ts <args>`: the sources, with chosen flags. */
async function withFlags(
  flags: string[],
  args: string[],
  cwd = ROOT,
): Promise<RunResult> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", "--no-prompt", ...flags, CLI, ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

Deno.test("intoto key id needs only --allow-read", async () => {
  const result = await withFlags(["--allow-read"], [
    "key",
    "id",
    join(DEMO, "alice.pub"),
  ]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^556caebd/);
});

Deno.test("intoto sign without --allow-write fails up front in one line", async () => {
  const dir = await tempDir("demo_files/write-code.776a00e2.link");
  const result = await withFlags(["--allow-read"], [
    "sign",
    "-f",
    join(dir, "write-code.776a00e2.link"),
    "-k",
    join(DEMO, "bob"),
  ]);
  assert.equal(result.code, 2);
  assert.equal(
    result.stderr,
    'error: missing permission for "intoto sign": run with --allow-write\n',
  );
});

Deno.test("intoto verify needs --allow-write only for --report FILE.html", async () => {
  const verify = ["verify", "-l", join(DEMO, "root.layout")];
  const report = await withFlags(
    ["--allow-read", "--allow-run", "--allow-env"],
    [
      ...verify,
      "-k",
      join(DEMO, "alice.pub"),
      "--report",
      "report.html",
    ],
  );
  assert.equal(report.code, 2);
  assert.equal(
    report.stderr,
    'error: missing permission for "intoto verify": run with --allow-write\n',
  );
  const graph = await withFlags(
    ["--allow-read", "--allow-run", "--allow-env"],
    [
      ...verify,
      "-k",
      join(DEMO, "alice.pub"),
      "--graph",
      "dot",
    ],
  );
  assert.doesNotMatch(graph.stderr, /missing permission/);
});

Deno.test("intoto without --allow-read names the flag to add", async () => {
  const result = await withFlags([], ["key", "id", join(DEMO, "alice.pub")]);
  assert.equal(result.code, 2);
  assert.equal(
    result.stderr,
    'error: missing permission for "intoto key id": run with --allow-read\n',
  );
});

Deno.test("intoto reports a read outside a scoped grant as a missing permission", async () => {
  const dir = await tempDir();
  const result = await withFlags([`--allow-read=${dir}`], [
    "key",
    "id",
    join(DEMO, "alice.pub"),
  ], dir);
  assert.equal(result.code, 2);
  assert.match(
    result.stderr,
    /^error: missing permission: read access to ".*alice\.pub"; run with --allow-read\n$/,
  );
});

Deno.test("intoto --help and --version need no permission", async () => {
  const help = await withFlags([], ["--help"]);
  assert.equal(help.code, 0, help.stderr);
  assert.match(help.stdout, /^intoto \d+\.\d+\.\d+/);
  const version = await withFlags([], ["--version"]);
  assert.equal(version.code, 0);
  const config = JSON.parse(await Deno.readTextFile(join(ROOT, "deno.json")));
  assert.equal(version.stdout, `intoto ${config.version}\n`);
});

Deno.test("dropPermissions() revokes all but what a subcommand keeps, and net always", async () => {
  const script = `
import { dropPermissions } from ${
    JSON.stringify(join(ROOT, "lib/cli/permissions.ts"))
  };
import { loadCommands } from ${JSON.stringify(join(ROOT, "lib/cli/main.ts"))};
const name = Deno.args.join(" ");
const command = (await loadCommands()).find((c) => c.name === name);
await dropPermissions(command.permissions);
const states = {};
for (const p of ["read", "write", "run", "env", "sys", "net", "ffi"]) {
  states[p] = (await Deno.permissions.query({ name: p })).state;
}
console.log(JSON.stringify(states));
`;
  const file = join(await tempDir(), "probe.ts");
  await Deno.writeTextFile(file, script);
  const expected: Record<string, string[]> = {
    "keygen": ["read", "write"],
    "key id": ["read", "env"], // env: GNUPGHOME for --gpg
    "sign": ["read", "write", "run", "env"], // run: gpg for --gpg
  };
  for (const [name, kept] of Object.entries(expected)) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        "-A",
        "--config",
        join(ROOT, "deno.json"),
        file,
        ...name.split(" "),
      ],
      cwd: ROOT,
      stdout: "piped",
      stderr: "piped",
    }).output();
    const stderr = new TextDecoder().decode(output.stderr);
    assert.equal(output.code, 0, stderr);
    const states = JSON.parse(new TextDecoder().decode(output.stdout));
    for (const [permission, state] of Object.entries(states)) {
      const want = kept.includes(permission) ? "granted" : "prompt";
      assert.equal(state, want, `${name}: ${permission}`);
    }
  }
});

/**
 * A folder with the demo's links, foo.tar.gz and root.layout: the demo
 * layout, unexpired, with `inspect` as given, signed by alice.
 */
async function demoChain(inspect: (inspections: unknown[]) => unknown[]) {
  const dir = await tempDir(
    "demo_files/alice",
    "demo_files/alice.pub",
    "demo_files/write-code.776a00e2.link",
    "demo_files/package.2f89b927.link",
    "demo_files/foo.tar.gz",
  );
  const template = JSON.parse(
    await Deno.readTextFile(join(DEMO, "demo.layout.template")),
  );
  template.signed.expires = "2099-01-01T00:00:00Z";
  template.signed.inspect = inspect(template.signed.inspect);
  await Deno.writeTextFile(join(dir, "root.layout"), JSON.stringify(template));
  const signed = await withFlags(
    ["--allow-read", "--allow-write"],
    ["sign", "-f", "root.layout", "-k", "alice"],
    dir,
  );
  assert.equal(signed.code, 0, signed.stderr);
  return dir;
}

Deno.test("intoto verify of a layout without inspections needs only --allow-read", async () => {
  const dir = await demoChain(() => []);
  const verified = await withFlags(
    ["--allow-read"],
    ["verify", "-l", "root.layout", "-k", "alice.pub"],
    dir,
  );
  assert.equal(verified.code, 0, verified.stderr);
});

Deno.test("intoto verify names the inspection and every flag it needs to run it", async () => {
  const dir = await demoChain(([untar]) => [
    { ...untar as object, run: ["tar", "xfz", "foo.tar.gz"] },
  ]);
  const cases: [string[], string][] = [
    [[], " --allow-run=tar --allow-env=PATH"],
    [["--allow-run=tar"], " --allow-env=PATH"],
    [["--allow-env"], " --allow-run=tar"],
  ];
  for (const [flags, missing] of cases) {
    const result = await withFlags(
      ["--allow-read", ...flags],
      ["verify", "-l", "root.layout", "-k", "alice.pub"],
      dir,
    );
    assert.equal(result.code, 2, result.stderr);
    assert.equal(
      result.stderr,
      `error: missing permission for inspection "untar": run with${missing}\n`,
    );
  }
  const verified = await withFlags(
    ["--allow-read", "--allow-run=tar", "--allow-env=PATH"],
    ["verify", "-l", "root.layout", "-k", "alice.pub"],
    dir,
  );
  assert.equal(verified.code, 0, verified.stderr);
});

Deno.test("intoto checks up front that it may run the step's program", async () => {
  const dir = await tempDir();
  const missing = await withFlags(
    ["--allow-read", "--allow-write"],
    ["mock", "-n", "step", "--", "true"],
    dir,
  );
  assert.equal(missing.code, 2);
  assert.equal(
    missing.stderr,
    'error: missing permission for "intoto mock": run with --allow-run --allow-env\n',
  );
  const scoped = await withFlags(
    ["--allow-read", "--allow-write", "--allow-env=PATH", "--allow-run=true"],
    ["mock", "-n", "step", "--", "true"],
    dir,
  );
  assert.equal(scoped.code, 0, scoped.stderr);
  const other = await withFlags(
    ["--allow-read", "--allow-write", "--allow-env", "--allow-run=true"],
    ["mock", "-n", "step", "--", "false"],
    dir,
  );
  assert.equal(other.code, 2);
  assert.match(other.stderr, /run with --allow-run\n$/);
});
