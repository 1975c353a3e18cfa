// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The attack catalogue's process execution (X) against `intoto verify`:
 * inspections, end to end: crafted files in a folder, the real CLI, one
 * clean `error:` line and the right exit code.
 * Where in-toto 1.3.1 is vulnerable, the test shows it: `in-toto-verify`
 * passes the same files that we refuse. Test names start with the
 * catalogue's ids (see SECURITY.md).
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  ALICE,
  buildLayout,
  CARL,
  chain,
  exists,
  fails,
  OWNER,
  passes,
  referenceVerify,
  verify,
} from "./_security_helpers.ts";
import { layoutJson, linkFile, linkJson, sign } from "../_verify_fixtures.ts";

Deno.test("X1 intoto verify does not run a functionary's sublayout inspection by default; in-toto-verify runs it", async () => {
  const sublayout = await sign(
    layoutJson([{ name: "compile", keys: [CARL] }], {
      inspections: [{ name: "evil", run: ["touch", "pwned"] }],
    }),
    [ALICE],
  );
  const directory = await chain({
    "root.layout": await buildLayout(),
    [linkFile("build", ALICE)]: sublayout,
    [`build.${ALICE.prefix}/${linkFile("compile", CARL)}`]: await sign(
      linkJson("compile"),
      [CARL],
    ),
  });
  fails(
    await verify(directory),
    1,
    /has inspection "evil", whose command a functionary chose: it does not run unless sublayout inspections are allowed \(--allow-sublayout-inspections\)/,
  );
  assert.equal(await exists(join(directory, "pwned")), false);
  passes(await verify(directory, ["--allow-sublayout-inspections"]));
  assert.equal(await exists(join(directory, "pwned")), true);
  await Deno.remove(join(directory, "pwned"));
  passes(await referenceVerify(directory), "in-toto-verify runs it");
  assert.equal(await exists(join(directory, "pwned")), true);
});

Deno.test("X2 intoto verify runs inspections without a shell", async () => {
  const directory = await chain({
    "root.layout": await sign(
      layoutJson([{ name: "build", keys: [ALICE] }], {
        inspections: [{
          name: "echo",
          run: [
            "echo",
            "$(touch pwned1)",
            "`touch pwned2`",
            ";",
            "touch",
            "p3",
          ],
        }],
      }),
      [OWNER],
    ),
    [linkFile("build", ALICE)]: await sign(linkJson("build"), [ALICE]),
  });
  const before = (await Array.fromAsync(Deno.readDir(directory))).length;
  passes(await verify(directory));
  assert.equal((await Array.fromAsync(Deno.readDir(directory))).length, before);
});

Deno.test("X3 intoto verify runs no inspection before every step check passed", async () => {
  const inspections = [{ name: "flag", run: ["touch", "flag"] }];
  const link = await sign(linkJson("build"), [ALICE]);
  const variants = [
    // A failing step rule.
    {
      layout: layoutJson([{
        name: "build",
        keys: [ALICE],
        products: [["REQUIRE", "missing"]],
      }], { inspections }),
      links: true,
      pattern: /rule "REQUIRE missing" failed/,
    },
    // A missing link.
    {
      layout: layoutJson([{ name: "build", keys: [ALICE] }], { inspections }),
      links: false,
      pattern: /threshold 1 not met/,
    },
    // An expired layout.
    {
      layout: layoutJson([{ name: "build", keys: [ALICE] }], {
        inspections,
        expires: "2020-01-01T00:00:00Z",
      }),
      links: true,
      pattern: /expired/,
    },
  ];
  for (const { layout, links, pattern } of variants) {
    const directory = await chain({
      "root.layout": await sign(layout, [OWNER]),
      ...(links ? { [linkFile("build", ALICE)]: link } : {}),
    });
    fails(await verify(directory), 1, pattern);
    assert.equal(await exists(join(directory, "flag")), false);
  }
});

Deno.test("X4 intoto verify substitutes a parameter as one token and fails on a missing one", async () => {
  const directory = await chain({
    "root.layout": await sign(
      layoutJson([{
        name: "build",
        keys: [ALICE],
        products: [["DISALLOW", "{x}"]],
      }], { inspections: [{ name: "echo", run: ["echo", "{cmd}"] }] }),
      [OWNER],
    ),
    [linkFile("build", ALICE)]: await sign(
      linkJson("build", { products: { a: "1" } }),
      [ALICE],
    ),
  });
  fails(
    await verify(directory),
    2,
    /rule "DISALLOW \{x\}": no value for "\{x\}": give parameter "x" a value \(--param x=VALUE\)/,
  );
  // A value that looks like more tokens stays one pattern, matching nothing.
  passes(
    await verify(directory, [
      "--param",
      "x=a WITH PRODUCTS FROM y",
      "--param",
      "cmd=$(touch pwned)",
    ]),
  );
  assert.equal(await exists(join(directory, "pwned")), false);
  fails(
    await verify(directory, ["--param", "x=*", "--param", "cmd=hi"]),
    1,
    /rule "DISALLOW \*" failed: artifact "a"/,
  );
  fails(
    await verify(directory, ["--param", "x!r=*", "--param", "cmd=hi"]),
    2,
    /names may only contain letters, digits/,
  );
});

Deno.test("X5 intoto verify fails on an inspection that exits non-zero, is killed or cannot start", async () => {
  const link = await sign(linkJson("build"), [ALICE]);
  const runs: [string[], RegExp][] = [
    [["false"], /Inspection "check" failed: "false" exited with 1/],
    [["sh", "-c", "kill -9 $$"], /Inspection "check" failed: .* exited with/],
    [["no-such-program-xyz"], /Inspection "check" failed: .*not found/],
  ];
  for (const [run, pattern] of runs) {
    fails(
      await verify(
        await chain({
          "root.layout": await sign(
            layoutJson([{ name: "build", keys: [ALICE] }], {
              inspections: [{ name: "check", run }],
            }),
            [OWNER],
          ),
          [linkFile("build", ALICE)]: link,
        }),
      ),
      1,
      pattern,
      run.join(" "),
    );
  }
  // A step's own return value is a byproduct: not judged.
  passes(
    await verify(
      await chain({
        "root.layout": await buildLayout(),
        [linkFile("build", ALICE)]: await sign(
          linkJson("build", { returnValue: 3 }),
          [ALICE],
        ),
      }),
    ),
  );
});
