// Copyright 2026 the intoto authors. Apache-2.0 license.
import assert from "node:assert/strict";
import {
  checkChoice,
  parseCommandArgs,
  requiredOption,
} from "../../lib/cli/args.ts";
import { IntotoError } from "../../lib/errors.ts";

const VERIFY = {
  name: "verify",
  options: {
    layout: { type: "string", short: "l", description: "The layout" },
    "layout-keys": {
      type: "string",
      short: "k",
      multiple: true,
      description: "Its keys",
    },
    "link-dir": { type: "string", description: "The links", default: '"."' },
  },
} as const;

const RUN = {
  name: "run",
  options: {
    "step-name": { type: "string", short: "n", description: "The step" },
    materials: {
      type: "string",
      short: "m",
      multiple: true,
      description: "Its materials",
    },
    "record-streams": {
      type: "boolean",
      short: "s",
      description: "Record its streams",
    },
  },
} as const;

function usageMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof IntotoError);
    assert.equal(error.code, "USAGE");
    return error.message;
  }
  assert.fail("expected a usage error");
}

Deno.test("parseCommandArgs() takes lists as nargs and as repeated flags", () => {
  const args = parseCommandArgs(
    ["-k", "a.pub", "b.pub", "-l", "root.layout", "-k", "c.pub"],
    VERIFY,
  );
  assert.deepEqual(args.values["layout-keys"], ["a.pub", "b.pub", "c.pub"]);
  assert.equal(args.values.layout, "root.layout");
  assert.deepEqual(args.positionals, []);
});

Deno.test("parseCommandArgs() keeps everything after -- untouched", () => {
  const args = parseCommandArgs(
    ["-n", "build", "-m", "src", "lib", "-s", "--", "make", "-k", "--", "x"],
    RUN,
  );
  assert.deepEqual(args.values.materials, ["src", "lib"]);
  assert.equal(args.values["record-streams"], true);
  assert.deepEqual(args.rest, ["make", "-k", "--", "x"]);
});

Deno.test("parseCommandArgs() adds the common flags, and leaves an absent option absent", () => {
  const args = parseCommandArgs(["-vl", "x", "--quiet", "-h"], VERIFY);
  assert.equal(args.values.verbose, true);
  assert.equal(args.values.quiet, true);
  assert.equal(args.values.help, true);
  assert.equal(args.values.layout, "x");
  // A default is shown in help; the command applies it.
  assert.equal(args.values["link-dir"], undefined);
});

Deno.test("parseCommandArgs() accepts attached values, also ones with a dash", () => {
  const args = parseCommandArgs(
    ["--layout=-odd", "-k-x", "--link-dir=d"],
    VERIFY,
  );
  assert.equal(args.values.layout, "-odd");
  assert.deepEqual(args.values["layout-keys"], ["-x"]);
  assert.equal(args.values["link-dir"], "d");
});

Deno.test("parseCommandArgs() suggests the closest option for an unknown one", () => {
  assert.equal(
    usageMessage(() => parseCommandArgs(["--lauout", "x"], VERIFY)),
    'unknown option "--lauout" for "intoto verify": did you mean "--layout"?',
  );
  assert.match(
    usageMessage(() => parseCommandArgs(["--zzzzzzzz"], VERIFY)),
    /^unknown option "--zzzzzzzz" for "intoto verify" \(see "intoto verify --help"\)$/,
  );
  assert.match(
    usageMessage(() => parseCommandArgs(["-x"], VERIFY)),
    /^unknown option "-x"/,
  );
});

Deno.test("parseCommandArgs() refuses missing values and values on flags", () => {
  assert.match(
    usageMessage(() => parseCommandArgs(["-l"], VERIFY)),
    /^option "-l\/--layout" needs a value/,
  );
  assert.match(
    usageMessage(() => parseCommandArgs(["-l", "-k", "a"], VERIFY)),
    /^option "-l\/--layout" needs a value/,
  );
  assert.match(
    usageMessage(() => parseCommandArgs(["--verbose=yes"], VERIFY)),
    /^option "-v\/--verbose" takes no value/,
  );
  assert.match(
    usageMessage(() => parseCommandArgs(["-l", "a", "-l", "b"], VERIFY)),
    /^option "-l\/--layout" given more than once/,
  );
});

Deno.test("requiredOption() names the missing option", () => {
  const args = parseCommandArgs([], VERIFY);
  assert.equal(
    usageMessage(() => requiredOption(args, VERIFY, "layout")),
    'missing required option "-l/--layout" (see "intoto verify --help")',
  );
});

Deno.test("checkChoice() lists the accepted values", () => {
  const options = { name: "type", choices: ["rsa", "ed25519"] } as const;
  assert.equal(checkChoice("ed25519", { name: "keygen" }, options), "ed25519");
  assert.match(
    usageMessage(() => checkChoice("dsa", { name: "keygen" }, options)),
    /^invalid value "dsa" for option "--type": use one of "rsa", "ed25519"/,
  );
});

Deno.test('parseCommandArgs() gives an optional-valued option "" when its value is left out', () => {
  const command = {
    name: "run",
    options: {
      gpg: {
        type: "string",
        short: "g",
        optionalValue: true,
        description: "Sign with gpg",
      },
      name: { type: "string", short: "n", description: "The step" },
    },
  } as const;
  const cases: [string[], string | undefined, string[]][] = [
    [["-g", "--", "make"], "", ["make"]],
    [["--gpg", "-n", "x"], "", []],
    [["-n", "x", "-g"], "", []],
    [["--gpg", "ABCD1234", "--", "make"], "ABCD1234", ["make"]],
    [["--gpg=ABCD1234"], "ABCD1234", []],
    [["-n", "x", "--", "-g"], undefined, ["-g"]],
  ];
  for (const [argv, gpg, rest] of cases) {
    const args = parseCommandArgs(argv, command);
    assert.equal(args.values.gpg, gpg, argv.join(" "));
    assert.deepEqual(args.rest, rest, argv.join(" "));
  }
});
