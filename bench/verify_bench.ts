// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Benchmark of `intoto verify` against `in-toto-verify` 1.3.1: a layout with
 * 2 steps whose links each hold 50,000 materials and 50,000 products, with
 * MATCH and DISALLOW rules, all signed with ed25519 by the reference itself
 * (so both sides read the same files); and start-up (`--version`).
 *
 * Run alone: `deno run -A bench/verify_bench.ts [--quick]`.
 *
 * @module
 */

import { join } from "node:path";
import {
  type BenchRow,
  compare,
  DEFAULT_ROUNDS,
  formatTable,
  intotoUnderTest,
} from "./_bench.ts";
import { markComplete } from "./record_bench.ts";

/** How many times more rounds start-up takes than the other benchmarks. */
const STARTUP_ROUNDS_FACTOR = 5;

/** Options for {@linkcode benchVerify}. */
export interface BenchVerifyOptions {
  /** 5,000 artifacts per side instead of 50,000. */
  quick?: boolean;
  /** Where the data lives; default /tmp/intoto-bench. */
  directory?: string;
  /** Measurements of each side; default {@linkcode DEFAULT_ROUNDS}. */
  rounds?: number;
}

/** Writes the keys, the layout and the two links with in-toto 1.3.1's own code. */
const SETUP = `
import hashlib, sys
from securesystemslib import interface
from in_toto.models.layout import Layout
from in_toto.models.link import Link
from in_toto.models.metadata import Metablock

count = int(sys.argv[1])
owner = interface.import_ed25519_privatekey_from_file("owner")
functionary = interface.import_ed25519_privatekey_from_file("functionary")
public = interface.import_ed25519_publickey_from_file("functionary.pub")

def artifacts(prefix, salt):
    return {"%s/f%06d" % (prefix, i):
            {"sha256": hashlib.sha256(("%s%d" % (salt, i)).encode()).hexdigest()}
            for i in range(count)}

def step(name, materials, products):
    return {"_type": "step", "name": name, "threshold": 1,
            "pubkeys": [public["keyid"]], "expected_command": [],
            "expected_materials": materials, "expected_products": products}

layout = Layout.read({
    "_type": "layout", "expires": "2099-01-01T00:00:00Z", "readme": "",
    "keys": {public["keyid"]: public},
    "steps": [
        step("fetch", [["ALLOW", "in/*"], ["DISALLOW", "*"]],
             [["CREATE", "src/*"], ["DISALLOW", "*"]]),
        step("build",
             [["MATCH", "src/*", "WITH", "PRODUCTS", "FROM", "fetch"],
              ["DISALLOW", "*"]],
             [["CREATE", "out/*"], ["DISALLOW", "*"]]),
    ],
    "inspect": [],
})
metablock = Metablock(signed=layout)
metablock.sign(owner)
metablock.dump("root.layout")
sources = artifacts("src", "s")
for name, materials, products in [
        ("fetch", artifacts("in", "i"), sources),
        ("build", sources, artifacts("out", "o"))]:
    link = Metablock(signed=Link(name=name, materials=materials,
                                 products=products))
    link.sign(functionary)
    link.dump("%s.%s.link" % (name, public["keyid"][:8]))
`;

async function run(argv: string[], cwd: string): Promise<void> {
  const output = await new Deno.Command(argv[0]!, {
    args: argv.slice(1),
    cwd,
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!output.success) {
    throw new Error(
      `Cannot prepare the verify benchmark: "${argv.join(" ")}" failed: ${
        new TextDecoder().decode(output.stderr)
      }`,
    );
  }
}

/**
 * Makes, with in-toto 1.3.1's own code, a signed layout of 2 steps and their
 * links of `count` materials and `count` products each, unless a complete
 * one is in `folder`.
 *
 * @param folder Where.
 * @param count Materials (and products) per link.
 */
export async function ensureChain(
  folder: string,
  count: number,
): Promise<void> {
  try {
    await Deno.stat(join(folder, ".complete"));
    return;
  } catch {
    // Not made yet.
  }
  console.error(
    `Creating a signed chain of 2 x ${count} artifacts in ${folder} (once)...`,
  );
  await Deno.remove(folder, { recursive: true }).catch(() => {});
  await Deno.mkdir(folder, { recursive: true });
  for (const name of ["owner", "functionary"]) {
    await run(["/usr/bin/in-toto-keygen", "-t", "ed25519", name], folder);
  }
  await run(["/usr/bin/python3", "-c", SETUP, String(count)], folder);
  await markComplete(folder);
}

/**
 * Times both verifiers on the same signed chain, interleaved, and start-up.
 *
 * @param options Size, data folder, rounds.
 * @returns Two rows: verification, then start-up.
 */
export async function benchVerify(
  options: BenchVerifyOptions = {},
): Promise<BenchRow[]> {
  const count = options.quick ? 5_000 : 50_000;
  const folder = join(
    options.directory ?? "/tmp/intoto-bench",
    `verify-${count}`,
  );
  await ensureChain(folder, count);
  const args = ["-l", "root.layout", "-k", "owner.pub", "-t", "ed25519"];
  const rounds = options.rounds ?? DEFAULT_ROUNDS;
  const ours = intotoUnderTest();
  return [
    await compare(
      `verify: 2 steps x ${count.toLocaleString("en")} materials + products`,
      {
        ours: [...ours, "verify", ...args],
        reference: ["/usr/bin/in-toto-verify", ...args],
        cwd: folder,
        rounds,
        // The target is set for the full size, where start-up weighs little.
        ...(options.quick ? {} : { target: 0.15 }),
      },
    ),
    await compare("start-up: --version", {
      ours: [...ours, "--version"],
      reference: ["/usr/bin/in-toto-verify", "--version"],
      // A round takes 0.2 s, and one 25 ms run is easily disturbed: five
      // times the rounds keep the median from one or two.
      rounds: rounds * STARTUP_ROUNDS_FACTOR,
      ...(options.quick ? {} : { target: 0.2 }),
    }),
  ];
}

if (import.meta.main) {
  console.log(
    formatTable(await benchVerify({ quick: Deno.args.includes("--quick") })),
  );
}
