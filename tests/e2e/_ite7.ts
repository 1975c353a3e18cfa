// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * An ITE-7 supply chain for the CLI tests: an openssl PKI, an owner key, and
 * a layout whose step "build" may be signed by certificates for
 * spiffe://example.org/ns/ci/build chaining to the PKI's root, all through
 * the intoto CLI.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { intoto, type RunResult, tempDir } from "../_helpers.ts";
import { BUILD_ID, type Issued, makePki, type Pki } from "../_x509.ts";

/** A folder with the PKI, the owner's key pair and CA entries. */
export interface Ite7 {
  dir: string;
  pki: Pki;
  /** The `rootcas` and `intermediatecas` entries, from `key id --json`. */
  rootcas: Record<string, unknown>;
  intermediatecas: Record<string, unknown>;
  /** The keyid of the root. */
  rootId: string;
}

async function entries(dir: string, cert: string) {
  const result = await intoto(["key", "id", "--json", cert], { cwd: dir });
  assert.equal(result.code, 0, result.stderr);
  return JSON.parse(result.stdout) as Record<string, unknown>;
}

/**
 * Makes the PKI, the owner key and the CA entries in a new folder.
 *
 * @returns The setup.
 */
export async function ite7(): Promise<Ite7> {
  const dir = await tempDir();
  const pki = await makePki(dir);
  const keygen = await intoto(["keygen", "owner"], { cwd: dir });
  assert.equal(keygen.code, 0, keygen.stderr);
  await Deno.writeTextFile(join(dir, "out.txt"), "built\n");
  const rootcas = await entries(dir, pki.root.cert);
  return {
    dir,
    pki,
    rootcas,
    intermediatecas: await entries(dir, pki.intermediate.cert),
    rootId: Object.keys(rootcas)[0]!,
  };
}

/** The step's constraint, as in-toto-golang writes one. */
export function buildConstraint(setup: Ite7): Record<string, unknown> {
  return {
    common_name: "build.example.org",
    dns_names: [],
    emails: [],
    organizations: ["example"],
    roots: [setup.rootId],
    uris: [BUILD_ID],
  };
}

/** A layout as a plain object, edited freely by tests. */
// deno-lint-ignore no-explicit-any
export type LayoutObject = Record<string, any>;

/**
 * The layout: one step "build" with the constraint, threshold 1, no
 * pubkeys, and `edit` applied (to a copy of the setup's CA entries).
 *
 * @returns The layout object.
 */
export function ite7Layout(
  setup: Ite7,
  edit: (layout: LayoutObject) => void = () => {},
): LayoutObject {
  const layout: LayoutObject = structuredClone({
    _type: "layout",
    expires: "2099-01-01T00:00:00Z",
    readme: "",
    keys: {},
    rootcas: setup.rootcas,
    intermediatecas: setup.intermediatecas,
    steps: [{
      _type: "step",
      name: "build",
      pubkeys: [],
      threshold: 1,
      expected_command: ["true"],
      expected_materials: [],
      expected_products: [["ALLOW", "out.txt"], ["DISALLOW", "*"]],
      cert_constraints: [buildConstraint(setup)],
    }],
    inspect: [],
  });
  edit(layout);
  return layout;
}

/**
 * Writes `<name>` (default root.layout), {@linkcode ite7Layout} signed by
 * the owner.
 *
 * @returns The layout's path.
 */
export async function writeLayout(
  setup: Ite7,
  edit: (layout: LayoutObject) => void = () => {},
  name = "root.layout",
): Promise<string> {
  const template = join(setup.dir, `${name}.template`);
  await Deno.writeTextFile(
    template,
    JSON.stringify({ signed: ite7Layout(setup, edit), signatures: [] }),
  );
  const signed = await intoto(
    ["sign", "-f", template, "-k", "owner", "-o", name],
    { cwd: setup.dir },
  );
  assert.equal(signed.code, 0, signed.stderr);
  return join(setup.dir, name);
}

/**
 * Records step "build" into a new link folder, signed with a leaf's key and
 * certificate.
 *
 * @param extra More `run` arguments, such as `--cert-chain` or `--use-dsse`.
 * @returns The link folder and run's result.
 */
export async function recordBuild(
  setup: Ite7,
  leaf: Issued,
  extra: string[] = [],
): Promise<{ links: string; result: RunResult }> {
  const links = await Deno.makeTempDir({ dir: setup.dir, prefix: "links-" });
  const result = await intoto([
    "run",
    "-n",
    "build",
    "-k",
    leaf.key,
    "--cert",
    leaf.cert,
    ...extra,
    "-p",
    "out.txt",
    "-d",
    links,
    "--",
    "true",
  ], { cwd: setup.dir });
  return { links, result };
}

/**
 * Runs `intoto verify` of a layout of the setup against a link folder.
 *
 * @returns The result.
 */
export function verify(
  setup: Ite7,
  links: string,
  extra: string[] = [],
  layout = "root.layout",
): Promise<RunResult> {
  return intoto(
    ["verify", "-l", layout, "-k", "owner.pub", "--link-dir", links, ...extra],
    { cwd: setup.dir },
  );
}

/** The only link file of a folder. */
export async function onlyLink(links: string): Promise<string> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(links)) names.push(entry.name);
  assert.equal(names.length, 1, names.join(", "));
  return join(links, names[0]!);
}
