// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto match-products -l LINK [-p PATH...]`: checks that the files here
 * equal the products a link recorded, as in-toto 3's in-toto-match-products
 * does; the link may also be a link attestation (`--attest`), whose
 * subjects are its products. With `-k` it also checks the link's signature,
 * which the reference never does.
 *
 * @module
 */

import { linkOfFile } from "../model/link_of_file.ts";
import { IntotoError } from "../errors.ts";
import { readSignedFile, verifiedKeys } from "../model/signed_file.ts";
import { matchProducts } from "../record/match_products.ts";
import { listOption, requiredOption } from "./args.ts";
import type { CommandSpec } from "./command.ts";
import {
  type KeyOptionNames,
  loadPublicKeys,
  SIGNING_KEY_OPTIONS,
} from "./key_options.ts";
import type { OptionName, OptionTable } from "./option_table.ts";
import { ARTIFACT_OPTIONS, artifactOptions } from "./run.ts";
import { positionalArgs } from "./args.ts";

const HELP = `intoto match-products: check local files against a link's products

USAGE
  intoto match-products -l LINK [-p PATH...] [-e PATTERN...] [-k PUBKEY]

  Records PATHs (default ".") as in-toto-run would and compares them with
  the products of LINK. Exit 0 when they are the same; exit 1 otherwise,
  printing one line per difference on stdout:
    Only in products: NAME    (recorded by the link, missing here)
    Not in products: NAME     (here, not recorded by the link)
    Hashes differ: NAME
  Without -k the link's signature is not checked (as in the reference).

EXAMPLES
  intoto match-products -l package.e13604e2.link -p demo-project.tar.gz
  intoto match-products -l clone.e10185b3.link -k bob.pub -p demo-project`;

/** match-products' key option: the functionary who signed the link. */
const LINK_SIGNER: KeyOptionNames<OptionName<typeof OPTIONS>> = {
  legacy: "key",
  type: "key-type",
  what: "key",
};

const OPTIONS = {
  link: {
    type: "string",
    short: "l",
    value: "LINK",
    description: "The link file, or link attestation (required)",
  },
  paths: {
    type: "string",
    short: "p",
    multiple: true,
    value: "PATH",
    description: "Files and folders to record",
    default: '"."',
  },
  key: {
    type: "string",
    short: "k",
    value: "PUBKEY",
    description: "Also require a valid signature by this public key",
  },
  "key-type": SIGNING_KEY_OPTIONS["key-type"],
  ...ARTIFACT_OPTIONS,
  exclude: { ...ARTIFACT_OPTIONS.exclude, short: "e" },
} as const satisfies OptionTable;

/** `intoto match-products`. */
export const command: CommandSpec<typeof OPTIONS> = {
  name: "match-products",
  summary: "Check that local files equal a link's products",
  help: HELP,
  options: OPTIONS,
  permissions: ["read"],
  async main(args, context) {
    positionalArgs(args, command, []);
    const path = requiredOption(args, command, "link");
    const file = await readSignedFile(path);
    const signers = args.values.key === undefined
      ? []
      : await loadPublicKeys(args, command, LINK_SIGNER);
    for (const { file: keyFile, key } of signers) {
      if ((await verifiedKeys(file, [key])).length === 0) {
        throw new IntotoError(
          "SIGNATURE_INVALID",
          `Cannot match products of "${path}": it has no valid signature by key "${keyFile.path}"`,
        );
      }
    }
    const warnings: string[] = [];
    const { link } = linkOfFile(file, { source: path, warnings });
    for (const warning of warnings) context.warn(warning);
    const paths = listOption(args, "paths");
    const result = await matchProducts(link, {
      ...artifactOptions(args, command, context),
      ...(paths.length === 0 ? {} : { paths }),
    });
    for (const name of result.onlyInProducts) {
      context.print(`Only in products: ${name}`);
    }
    for (const name of result.notInProducts) {
      context.print(`Not in products: ${name}`);
    }
    for (const name of result.differ) context.print(`Hashes differ: ${name}`);
    const count = result.onlyInProducts.length + result.notInProducts.length +
      result.differ.length;
    if (count > 0) {
      throw new IntotoError(
        "ARTIFACT_MISMATCH",
        `Local artifacts do not match the products of "${path}": ${result.onlyInProducts.length} only in products, ${result.notInProducts.length} not in products, ${result.differ.length} with different hashes`,
      );
    }
    context.info(`Local artifacts match the products of "${path}"`);
    return 0;
  },
};
