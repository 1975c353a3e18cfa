// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A subcommand's options, declared once: each entry says how the option
 * parses (a flag, a value or a list, its short form), what its value is
 * called and what it does. The parser (`args.ts`), the OPTIONS section of
 * `--help` (`help.ts`), the shell completions and the man page
 * (`option_docs.ts`) all read the same table, and the parsed values are
 * typed by it, so that a misspelt option name is a type error.
 *
 * @module
 */

/** One option of a subcommand. */
export interface OptionSpec {
  /** `boolean` for a flag, `string` for an option that takes a value. */
  readonly type: "string" | "boolean";
  /** The one-letter form, without `-`. */
  readonly short?: string;
  /**
   * A list: repeated (`-k a -k b`) or several values after one flag
   * (`-k a b`); help shows `VALUE...`.
   */
  readonly multiple?: boolean;
  /**
   * The value may be left out (`-P` alone gets ""); help shows `[VALUE]`.
   */
  readonly optionalValue?: boolean;
  /** What help calls the value of a string option: `FILE`, `KEY`. */
  readonly value?: string;
  /** What it does, in sentences without line breaks; help wraps it. */
  readonly description: string;
  /** The default, shown in help as `(default ...)`; not applied by parsing. */
  readonly default?: string;
}

/** A subcommand's options by long name (without `--`). */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** The options every subcommand accepts, after its own. */
export const COMMON_OPTIONS = {
  verbose: {
    type: "boolean",
    short: "v",
    description: "Print details, and the cause of an error",
  },
  quiet: {
    type: "boolean",
    short: "q",
    description: "Print only errors and machine-readable output",
  },
  help: { type: "boolean", short: "h", description: "Show this help" },
} as const satisfies OptionTable;

/** The parsed value of an option: a flag, a string or a list. */
export type OptionValue<S extends OptionSpec> = OptionSpec extends S
  ? string | boolean | string[]
  : S["type"] extends "boolean" ? boolean
  : S["multiple"] extends true ? string[]
  : string;

/**
 * The parsed values of a table (and of {@linkcode COMMON_OPTIONS}), by long
 * name; an option not given is absent.
 */
export type OptionValues<O extends OptionTable> = {
  readonly [K in keyof (O & typeof COMMON_OPTIONS)]?: OptionValue<
    (O & typeof COMMON_OPTIONS)[K]
  >;
};

/** The long names of a table's options. */
export type OptionName<O extends OptionTable> = keyof O & string;

/**
 * What help shows after an option's flags: `FILE`, `KEY...`, `[PW]`, or ""
 * for a flag.
 *
 * @param spec The option.
 * @returns Its value's name.
 *
 * @example Usage
 * ```ts
 * import { valueName } from "./option_table.ts";
 * import assert from "node:assert/strict";
 * const gpg = { type: "string", value: "KEYID", multiple: true, optionalValue: true, description: "" } as const;
 * assert.equal(valueName(gpg), "[KEYID...]");
 * ```
 */
export function valueName(spec: OptionSpec): string {
  if (spec.type === "boolean") return "";
  const name = `${spec.value ?? "VALUE"}${spec.multiple ? "..." : ""}`;
  return spec.optionalValue ? `[${name}]` : name;
}

/**
 * An option as help lists it: `-k, --key KEY...`, `--force`.
 *
 * @param name The long name.
 * @param spec The option.
 * @returns Its flags and value name.
 *
 * @example Usage
 * ```ts
 * import { optionSynopsis } from "./option_table.ts";
 * import assert from "node:assert/strict";
 * const file = { type: "string", short: "f", value: "FILE", description: "" } as const;
 * assert.equal(optionSynopsis("file", file), "-f, --file FILE");
 * ```
 */
export function optionSynopsis(name: string, spec: OptionSpec): string {
  const flags = spec.short === undefined
    ? `--${name}`
    : `-${spec.short}, --${name}`;
  const value = valueName(spec);
  return value === "" ? flags : `${flags} ${value}`;
}

/**
 * An option's description with its default, as help and the man page show
 * it.
 *
 * @param spec The option.
 * @returns The description, ending with `(default ...)` when it has one.
 */
export function describeOption(spec: OptionSpec): string {
  return spec.default === undefined
    ? spec.description
    : `${spec.description} (default ${spec.default})`;
}
