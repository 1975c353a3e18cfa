// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto layout init|add-key|add-step|add-inspection|set-expiry|rm-step`:
 * write a layout without editing JSON. Each command edits the file
 * atomically, keeps it unsigned in the reference's format (ready for
 * `intoto sign` or `in-toto-sign`), and says what it changed.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { LayoutBuilder } from "../authoring/layout_builder.ts";
import { readLayoutFile, writeLayoutFile } from "../authoring/layout_file.ts";
import { ioError } from "../io.ts";
import type { KeyidFlavour, PublicKey } from "../crypto/key.ts";
import { keyidsOf } from "../crypto/keyid.ts";
import { loadPublicKey } from "../crypto/load.ts";
import {
  checkChoice,
  flagOption,
  listOption,
  noRest,
  positionalArgs,
  requiredOption,
  stringOption,
  usageError,
} from "./args.ts";
import { defined } from "./defined.ts";
import type { CommandContext, CommandSpec, ParsedArgs } from "./command.ts";
import { GPG_VERIFY_OPTIONS, loadGpgKeys } from "./gpg_options.ts";
import { certificatesIn } from "./cert_options.ts";
import {
  type Certificate,
  certificatePem,
} from "../crypto/x509/certificate.ts";
import {
  type CertConstraint,
  CONSTRAINT_LIST_FIELDS,
} from "../model/certificate_authority.ts";
import { KEY_TYPES } from "./keygen.ts";
import { SIGNING_KEY_OPTIONS } from "./key_options.ts";
import type { OptionTable } from "./option_table.ts";

const RULE_NOTE =
  `  Rules are written as the reference prints them, one per value, quoted:
  "CREATE foo.py", "MATCH foo.tar.gz WITH PRODUCTS FROM package",
  "DISALLOW *". They are checked with the parser verification uses.`;

const WHEN_NOTE =
  `  WHEN is a date (2027-06-30), a UTC time (2027-06-30T12:00:00Z) or a
  time from now: 1y, 6m, 2w, 30d, 12h, or a sum such as 1y6m.`;

const FLAVOURS: readonly KeyidFlavour[] = ["legacy", "modern"];

/** `-m/--material RULE...` and `-p/--product RULE...` of steps and inspections. */
const RULE_OPTIONS = {
  material: {
    type: "string",
    short: "m",
    multiple: true,
    value: "RULE",
    description: "Rules for the materials, in order",
  },
  product: {
    type: "string",
    short: "p",
    multiple: true,
    value: "RULE",
    description: "Rules for the products, in order",
  },
} as const satisfies OptionTable;

const INIT_OPTIONS = {
  expires: {
    type: "string",
    value: "WHEN",
    description: "When the layout expires",
    default: "1y",
  },
  readme: {
    type: "string",
    value: "TEXT",
    description: "Free text for people",
  },
  force: { type: "boolean", description: "Overwrite FILE if it exists" },
} as const satisfies OptionTable;

/** `intoto layout init`. */
export const initCommand: CommandSpec<typeof INIT_OPTIONS> = {
  name: "layout init",
  summary: "Write an unsigned layout skeleton",
  help: `intoto layout init: write an unsigned layout skeleton

USAGE
  intoto layout init FILE [--expires WHEN] [--readme TEXT] [--force]

  Writes a layout with no keys, steps or inspections, unsigned, in the
  reference's format. Fill it with the other "intoto layout" commands,
  check it with "intoto layout lint", then sign it with "intoto sign".

EXAMPLES
  intoto layout init root.layout --expires 6m`,
  optionNotes: WHEN_NOTE,
  options: INIT_OPTIONS,
  permissions: ["read", "write"],
  async main(args, context) {
    const [path] = positionalArgs(args, initCommand, ["FILE"]);
    if (!flagOption(args, "force") && await exists(path)) {
      throw usageError(
        initCommand,
        `"${path}" exists: edit it with the other "intoto layout" commands, or overwrite it with "--force"`,
      );
    }
    const readme = stringOption(args, "readme");
    const builder = LayoutBuilder.create({
      expires: stringOption(args, "expires") ?? "1y",
      ...defined({ readme }),
    });
    await writeLayoutFile(path, builder);
    context.info(
      `Wrote layout "${path}": no keys, steps or inspections; expires ${builder.layout.expires}`,
    );
    return 0;
  },
};

const ADD_KEY_OPTIONS = {
  flavour: {
    type: "string",
    value: "FLAVOUR",
    description:
      'The keyid to list keys under: "legacy" (default, what in-toto 1.3.1 "-k" signs with) or "modern" (in-toto 3 "--signing-key")',
  },
  "key-type": {
    ...SIGNING_KEY_OPTIONS["key-type"],
    description: "rsa, ed25519 or ecdsa, when the files do not tell",
  },
  gpg: {
    ...GPG_VERIFY_OPTIONS.gpg,
    description:
      "GPG keys from the keyring (8 to 40 hex characters of a fingerprint), listed under their fingerprint",
  },
  "gpg-home": GPG_VERIFY_OPTIONS["gpg-home"],
} as const satisfies OptionTable;

/** `intoto layout add-key`. */
export const addKeyCommand: CommandSpec<typeof ADD_KEY_OPTIONS> = {
  name: "layout add-key",
  summary: "Add functionary public keys to a layout",
  help: `intoto layout add-key: add functionary public keys to a layout

USAGE
  intoto layout add-key FILE PUB... [--flavour legacy|modern] [-t TYPE]
  intoto layout add-key FILE --gpg KEYID... [--gpg-home DIR]
  intoto layout add-key FILE CA.pem...

  Adds each public key (PEM, a securesystemslib JSON key file as
  in-toto-keygen writes, or a GPG key from "gpg --export") to the layout's
  keys, and prints its keyid: give it (or its first 8 or more characters)
  to "intoto layout add-step --key". A key already listed is left as is.
  A PEM CA certificate (ITE-7) goes to rootcas when it is self-issued, and
  to intermediatecas otherwise; steps then accept the certificates it
  issues that meet their "--cert-constraint".

EXAMPLES
  intoto layout add-key root.layout bob.pub carl.pub`,
  options: ADD_KEY_OPTIONS,
  permissions: ["read", "write", "env"],
  async main(args, context) {
    const [path, ...files] = args.positionals;
    if (path === undefined) throw usageError(addKeyCommand, "missing FILE");
    noRest(args, addKeyCommand);
    const gpg = await loadGpgKeys(args);
    if (files.length === 0 && gpg.length === 0) {
      throw usageError(addKeyCommand, "missing public key file (PUB)");
    }
    const flavour = checkChoice(
      stringOption(args, "flavour") ?? "legacy",
      addKeyCommand,
      { name: "flavour", choices: FLAVOURS },
    );
    const type = stringOption(args, "key-type");
    const keyType = type === undefined ? undefined : checkChoice(
      type,
      addKeyCommand,
      { name: "key-type", choices: KEY_TYPES },
    );
    const keys: [string, PublicKey | Certificate[]][] = [];
    for (const file of files) {
      keys.push([
        `"${file}"`,
        await certificatesIn(file) ??
          await loadPublicKey(file, keyType === undefined ? {} : { keyType }),
      ]);
    }
    keys.push(...gpg.map((key): [string, PublicKey] => ["the keyring", key]));
    await editLayout(path, context, (builder) =>
      keys.map(([source, key]) => {
        if (Array.isArray(key)) {
          const { keyid, added, field } = builder.addAuthority(
            key.map(certificatePem).join(""),
          );
          return added
            ? `Added CA ${keyid} (${
              key[0]!.subjectText
            }) from ${source} to ${field}`
            : `CA ${keyid} from ${source} is already in ${field}`;
        }
        const { keyid, added } = builder.addKey(key, flavour);
        return added
          ? `Added ${key.keytype} key ${keyid} from ${source}`
          : `Key ${keyid} from ${source} is already in the layout`;
      }));
    return 0;
  },
};

const ADD_STEP_OPTIONS = {
  name: {
    type: "string",
    short: "n",
    value: "NAME",
    description: "The step's name (unique, safe as a file name)",
  },
  key: {
    type: "string",
    short: "k",
    multiple: true,
    value: "KEY",
    description:
      'Who may sign its links: a keyid of the layout (or its first 8 or more characters), or a public key file already added with "intoto layout add-key"',
  },
  threshold: {
    type: "string",
    short: "t",
    value: "N",
    description: "How many of them must sign matching links",
    default: "1",
  },
  ...RULE_OPTIONS,
  "expected-command": {
    type: "string",
    short: "c",
    value: "COMMAND",
    description:
      "The command its links should record, one string split as a shell would (a difference only warns)",
  },
  "cert-constraint": {
    type: "string",
    multiple: true,
    value: "SPEC",
    description:
      "Certificates that may sign: comma-separated FIELD=VALUE of common_name, dns_names, emails, organizations, roots (rootcas keyids) and uris (SPIFFE IDs); repeat a list field for more values. A field left out accepts any value.",
  },
} as const satisfies OptionTable;

/** `intoto layout add-step`. */
export const addStepCommand: CommandSpec<typeof ADD_STEP_OPTIONS> = {
  name: "layout add-step",
  summary: "Add a step to a layout",
  help: `intoto layout add-step: add a step to a layout

USAGE
  intoto layout add-step FILE -n NAME -k KEY... [-t THRESHOLD]
                         [-m RULE...] [-p RULE...] [-c COMMAND]
  intoto layout add-step FILE -n NAME --cert-constraint SPEC... [-k KEY...]
                         [-t THRESHOLD] [-m RULE...] [-p RULE...]

  Appends a step that the functionaries with the given keys perform and
  record as links. With certificate constraints (ITE-7), links signed with
  a certificate that chains to the layout's rootcas and meets any one of
  them count too.

EXAMPLES
  intoto layout add-step root.layout -n package -k carl.pub \\
    -m "MATCH demo-project/* WITH PRODUCTS FROM update-version" "DISALLOW *" \\
    -p "CREATE demo-project.tar.gz" "DISALLOW *" \\
    -c "tar --exclude .git -zcf demo-project.tar.gz demo-project"
  intoto layout add-step root.layout -n build \\
    --cert-constraint "uris=spiffe://example.com/ci/build" -p "CREATE app"`,
  optionNotes: RULE_NOTE,
  options: ADD_STEP_OPTIONS,
  permissions: ["read", "write"],
  async main(args, context) {
    const [path] = positionalArgs(args, addStepCommand, ["FILE"]);
    const name = requiredOption(args, addStepCommand, "name");
    const keys = listOption(args, "key");
    const certConstraints = listOption(args, "cert-constraint").map(
      parseConstraint,
    );
    if (keys.length === 0 && certConstraints.length === 0) {
      throw usageError(
        addStepCommand,
        'missing required option "-k/--key" (or "--cert-constraint")',
      );
    }
    const threshold = thresholdOption(args);
    const materials = listOption(args, "material");
    const products = listOption(args, "product");
    const expectedCommand = stringOption(args, "expected-command");
    const resolved: string[] = [];
    await editLayout(path, context, async (builder) => {
      for (const key of keys) resolved.push(await resolveKey(builder, key));
      const step = builder.addStep({
        name,
        keys: resolved,
        threshold,
        materials,
        products,
        ...defined({ expectedCommand }),
        certConstraints,
      });
      const certificates = step.cert_constraints?.length ?? 0;
      return [
        `Added step "${step.name}": ${step.threshold} of ${
          [
            ...step.pubkeys.map((keyid) => keyid.slice(0, 8)),
            ...certificates === 0
              ? []
              : [`certificates meeting ${certificates} constraint(s)`],
          ].join(", ")
        }; ${rulesSummary(step)}${
          step.expected_command.length === 0
            ? ""
            : `; expected command "${step.expected_command.join(" ")}"`
        }`,
      ];
    });
    return 0;
  },
};

const ADD_INSPECTION_OPTIONS = {
  name: {
    type: "string",
    short: "n",
    value: "NAME",
    description: "The inspection's name (unique, safe as a file name)",
  },
  run: {
    type: "string",
    short: "r",
    value: "COMMAND",
    description:
      "The command, one string split as a shell would; it runs without a shell",
  },
  ...RULE_OPTIONS,
} as const satisfies OptionTable;

/** `intoto layout add-inspection`. */
export const addInspectionCommand: CommandSpec<typeof ADD_INSPECTION_OPTIONS> =
  {
    name: "layout add-inspection",
    summary: "Add an inspection to a layout",
    help: `intoto layout add-inspection: add an inspection to a layout

USAGE
  intoto layout add-inspection FILE -n NAME -r COMMAND [-m RULE...]
                               [-p RULE...]

  Appends an inspection: a command the verifier runs after every step
  passed, whose materials and products are checked like a step's.

EXAMPLES
  intoto layout add-inspection root.layout -n untar \\
    -r "tar xzf demo-project.tar.gz" \\
    -m "MATCH demo-project.tar.gz WITH PRODUCTS FROM package" \\
       "ALLOW root.layout" "DISALLOW *"`,
    optionNotes: RULE_NOTE,
    options: ADD_INSPECTION_OPTIONS,
    permissions: ["read", "write"],
    async main(args, context) {
      const [path] = positionalArgs(args, addInspectionCommand, ["FILE"]);
      const name = requiredOption(args, addInspectionCommand, "name");
      const run = requiredOption(args, addInspectionCommand, "run");
      const materials = listOption(args, "material");
      const products = listOption(args, "product");
      await editLayout(path, context, (builder) => {
        const inspection = builder.addInspection({
          name,
          run,
          materials,
          products,
        });
        return [
          `Added inspection "${inspection.name}": runs "${
            inspection.run.join(" ")
          }"; ${rulesSummary(inspection)}`,
        ];
      });
      return 0;
    },
  };

/** `intoto layout set-expiry`. */
export const setExpiryCommand: CommandSpec = {
  name: "layout set-expiry",
  summary: "Set when a layout expires",
  help: `intoto layout set-expiry: set when a layout expires

USAGE
  intoto layout set-expiry FILE WHEN

${WHEN_NOTE}

EXAMPLES
  intoto layout set-expiry root.layout 6m
  intoto layout set-expiry root.layout 2027-06-30`,
  options: {},
  permissions: ["read", "write"],
  async main(args, context) {
    const [path, when] = positionalArgs(args, setExpiryCommand, [
      "FILE",
      "WHEN",
    ]);
    await editLayout(path, context, (builder) => {
      const before = builder.layout.expires;
      const after = builder.setExpiry(when);
      return [`Expiry: ${before} -> ${after}`];
    });
    return 0;
  },
};

/** `intoto layout rm-step`. */
export const rmStepCommand: CommandSpec = {
  name: "layout rm-step",
  summary: "Remove a step or an inspection from a layout",
  help: `intoto layout rm-step: remove a step or an inspection from a layout

USAGE
  intoto layout rm-step FILE NAME

  Removes the step or inspection NAME, and warns about rules that still
  MATCH against it.

EXAMPLES
  intoto layout rm-step root.layout update-version`,
  options: {},
  permissions: ["read", "write"],
  async main(args, context) {
    const [path, name] = positionalArgs(args, rmStepCommand, ["FILE", "NAME"]);
    await editLayout(path, context, (builder) => {
      const removed = builder.remove(name);
      for (const rule of removed.referencedBy) {
        context.warn(`${rule} still names "${name}"`);
      }
      return [`Removed ${removed.kind} "${name}"`];
    });
    return 0;
  },
};

/**
 * Reads the layout at `path`, applies `edit`, writes it back atomically in
 * its format and prints what `edit` says it changed. Signatures go: the
 * layout must be signed again.
 */
async function editLayout(
  path: string,
  context: CommandContext,
  edit: (builder: LayoutBuilder) => string[] | Promise<string[]>,
): Promise<void> {
  const warnings: string[] = [];
  const file = await readLayoutFile(path, warnings);
  for (const warning of warnings) context.warn(warning);
  const changes = await edit(file.builder);
  await writeLayoutFile(path, file.builder, file.format);
  if (file.signatures > 0) {
    context.warn(
      `"${path}" had ${file.signatures} signature(s), which no longer match: it is unsigned now; sign it again with "intoto sign"`,
    );
  }
  for (const change of changes) context.info(change);
}

function thresholdOption(args: ParsedArgs): number {
  const text = stringOption(args, "threshold");
  if (text === undefined) return 1;
  if (!/^[1-9]\d{0,5}$/.test(text)) {
    throw usageError(
      addStepCommand,
      `invalid value "${text}" for option "-t/--threshold": give a whole number of at least 1`,
    );
  }
  return Number(text);
}

/**
 * The keyid `key` names: a keyid of the layout or its start, or a public
 * key file whose key the layout lists (under either flavour of keyid).
 */
async function resolveKey(
  builder: LayoutBuilder,
  key: string,
): Promise<string> {
  if (!await exists(key)) return builder.findKey(key);
  const publicKey = await loadPublicKey(key);
  const keys = builder.layout.keys;
  const ids = publicKey.gpg === undefined
    ? Object.values(keyidsOf(publicKey))
    : [publicKey.keyid];
  const found = ids.find((keyid) => Object.hasOwn(keys, keyid));
  if (found === undefined) {
    throw new IntotoError(
      "INVALID_METADATA",
      `The key in "${key}" is not in the layout: add it first with "intoto layout add-key"`,
    );
  }
  return found;
}

/** `--cert-constraint common_name=a,uris=spiffe://x/y,uris=...`. */
function parseConstraint(spec: string): Partial<CertConstraint> {
  const constraint: Partial<CertConstraint> = {};
  for (const part of spec.split(",")) {
    const at = part.indexOf("=");
    const field = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (at < 0 || value === "") {
      throw usageError(
        addStepCommand,
        `invalid value "${spec}" for option "--cert-constraint": give FIELD=VALUE pairs separated by commas, such as "common_name=alice,uris=spiffe://example.com/build"`,
      );
    }
    if (field === "common_name" && constraint.common_name === undefined) {
      constraint.common_name = value;
    } else if ((CONSTRAINT_LIST_FIELDS as readonly string[]).includes(field)) {
      const list = field as typeof CONSTRAINT_LIST_FIELDS[number];
      constraint[list] = [...constraint[list] ?? [], value];
    } else {
      throw usageError(
        addStepCommand,
        `invalid field "${field}" in "--cert-constraint ${spec}": use common_name (once), ${
          CONSTRAINT_LIST_FIELDS.join(", ")
        }`,
      );
    }
  }
  return constraint;
}

async function exists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw ioError(error, "read", path);
  }
}

function rulesSummary(
  item: { expected_materials: unknown[]; expected_products: unknown[] },
): string {
  return `${item.expected_materials.length} material rule(s), ${item.expected_products.length} product rule(s)`;
}
