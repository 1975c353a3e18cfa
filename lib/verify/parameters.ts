// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Parameter substitution in layouts (`--param KEY=VALUE`), with the
 * semantics of Python's `str.format(**parameters)` as the reference applies
 * it: `{name}` is replaced by the parameter's value, `{{` and `}}` stand for
 * literal braces.
 *
 * Substitution works on each token of a rule, of `expected_command` and of
 * `run` separately, and rules are parsed after it, so a value (even one with
 * spaces, such as `x WITH PRODUCTS FROM y`) can never change a rule's shape.
 * A placeholder without a value is an error, never left as literal text.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import type { Inspection, Layout, RuleTokens, Step } from "../model/layout.ts";

/** Parameter names the reference accepts: `^[A-Za-z0-9_-]+$`. */
const PARAMETER_NAME = /^[A-Za-z0-9_-]+$/;

/**
 * Parses `KEY=VALUE` arguments of `--param`.
 *
 * @param args The arguments as given, such as `["version=1.2", "os=linux"]`.
 * @returns The parameters by name.
 * @throws {IntotoError} `USAGE` for a missing `=`, a bad name or a name
 * given twice.
 *
 * @example Usage
 * ```ts
 * import { parseParameters } from "./parameters.ts";
 * import assert from "node:assert/strict";
 * assert.deepEqual(parseParameters(["v=a=b"]), { v: "a=b" });
 * ```
 */
export function parseParameters(
  args: readonly string[],
): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const arg of args) {
    const equals = arg.indexOf("=");
    if (equals < 0) {
      throw new IntotoError(
        "USAGE",
        `Cannot use parameter "${arg}": write it as KEY=VALUE`,
      );
    }
    const name = arg.slice(0, equals);
    checkParameterName(name);
    if (Object.hasOwn(parameters, name)) {
      throw new IntotoError(
        "USAGE",
        `Cannot use parameter "${name}": it is given twice`,
      );
    }
    parameters[name] = arg.slice(equals + 1);
  }
  return parameters;
}

function checkParameterName(name: string): void {
  if (!PARAMETER_NAME.test(name)) {
    throw new IntotoError(
      "USAGE",
      `Cannot use parameter "${name}": names may only contain letters, digits, "_" and "-"`,
    );
  }
}

/**
 * Checks parameters given as an object (for library callers): names as the
 * reference allows them, values strings.
 *
 * @param parameters The parameters.
 * @returns The same parameters as a null-prototype copy.
 * @throws {IntotoError} `USAGE` for a bad name or a value that is not a string.
 */
export function checkParameters(
  parameters: Readonly<Record<string, unknown>>,
): Record<string, string> {
  const checked: Record<string, string> = Object.create(null);
  for (const [name, value] of Object.entries(parameters)) {
    checkParameterName(name);
    if (typeof value !== "string") {
      throw new IntotoError(
        "USAGE",
        `Cannot use parameter "${name}": its value must be a string`,
      );
    }
    checked[name] = value;
  }
  return checked;
}

/**
 * Formats one token like Python's `token.format(**parameters)`.
 *
 * Supported: `{name}`, `{{`, `}}`. Conversions (`{x!r}`), format specs
 * (`{x:>4}`), attribute or index lookups and positional fields are refused:
 * they never make sense with string parameters.
 *
 * @param token The text with placeholders.
 * @param parameters The values by name.
 * @param where Where the token comes from, for messages: `step "build" rule
 * "CREATE {x}"`.
 * @returns The substituted text.
 * @throws {IntotoError} `USAGE` for a placeholder without a value;
 * `INVALID_METADATA` for a malformed placeholder.
 *
 * @example Usage
 * ```ts
 * import { formatToken } from "./parameters.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatToken("{{a}} {v}.tar", { v: "1" }, "test"), "{a} 1.tar");
 * ```
 */
export function formatToken(
  token: string,
  parameters: Readonly<Record<string, string>>,
  where: string,
): string {
  if (!token.includes("{") && !token.includes("}")) return token;
  let result = "";
  let index = 0;
  while (index < token.length) {
    const char = token[index]!;
    const next = token[index + 1];
    if (char === "}") {
      if (next !== "}") {
        throw malformed(where, `single "}" (write "}}" for a literal brace)`);
      }
      result += "}";
      index += 2;
    } else if (char === "{") {
      if (next === "{") {
        result += "{";
        index += 2;
        continue;
      }
      const close = token.indexOf("}", index + 1);
      if (close < 0) {
        throw malformed(
          where,
          `"{" without "}" (write "{{" for a literal brace)`,
        );
      }
      result += lookup(token.slice(index + 1, close), parameters, where);
      index = close + 1;
    } else {
      result += char;
      index += 1;
    }
  }
  return result;
}

function lookup(
  field: string,
  parameters: Readonly<Record<string, string>>,
  where: string,
): string {
  if (/[!:.[{]/.test(field) || field === "" || /^[0-9]+$/.test(field)) {
    throw malformed(
      where,
      `placeholder "{${field}}" is not supported: use "{name}" with a parameter name`,
    );
  }
  if (!Object.hasOwn(parameters, field)) {
    throw new IntotoError(
      "USAGE",
      `Cannot substitute parameters in ${where}: no value for "{${field}}": give parameter "${field}" a value`,
      { remedy: { option: "parameter", value: field } },
    );
  }
  return parameters[field]!;
}

function malformed(where: string, detail: string): IntotoError {
  return new IntotoError(
    "INVALID_METADATA",
    `Cannot substitute parameters in ${where}: ${detail}`,
  );
}

function substituteRules(
  rules: readonly RuleTokens[],
  parameters: Readonly<Record<string, string>>,
  where: string,
): RuleTokens[] {
  return rules.map((rule) => {
    const ruleWhere = `${where} rule "${rule.join(" ")}"`;
    return rule.map((token) => formatToken(token, parameters, ruleWhere));
  });
}

function substituteList(
  list: readonly string[],
  parameters: Readonly<Record<string, string>>,
  where: string,
): string[] {
  return list.map((token) => formatToken(token, parameters, where));
}

/**
 * Substitutes parameters in every rule token, every `expected_command`
 * argument of the steps and every `run` argument of the inspections.
 * Returns a new layout; the given one is not changed.
 *
 * @param layout The validated layout.
 * @param parameters Values by name (may be empty: placeholders then fail).
 * @returns The layout with the values in place.
 * @throws {IntotoError} `USAGE` for a placeholder without a value,
 * `INVALID_METADATA` for a malformed one.
 *
 * @example Usage
 * ```ts
 * import { substituteParameters } from "./parameters.ts";
 * import assert from "node:assert/strict";
 * const layout = {
 *   _type: "layout", expires: "2030-01-01T00:00:00Z", readme: "", keys: {},
 *   steps: [], inspect: [{
 *     _type: "inspection", name: "untar", run: ["tar", "xf", "{archive}"],
 *     expected_materials: [["MATCH", "{archive}", "WITH", "PRODUCTS", "FROM", "package"]],
 *     expected_products: [],
 *   }],
 * } as const;
 * const result = substituteParameters(structuredClone(layout) as never, { archive: "a b.tgz" });
 * assert.deepEqual(result.inspect[0]!.run, ["tar", "xf", "a b.tgz"]);
 * assert.equal(result.inspect[0]!.expected_materials[0]!.length, 6);
 * ```
 */
export function substituteParameters(
  layout: Layout,
  parameters: Readonly<Record<string, string>>,
): Layout {
  const steps = layout.steps.map((step): Step => {
    const where = `step "${step.name}"`;
    return {
      ...step,
      expected_command: substituteList(
        step.expected_command,
        parameters,
        `${where} expected_command`,
      ),
      expected_materials: substituteRules(
        step.expected_materials,
        parameters,
        `${where} materials`,
      ),
      expected_products: substituteRules(
        step.expected_products,
        parameters,
        `${where} products`,
      ),
    };
  });
  const inspect = layout.inspect.map((inspection): Inspection => {
    const where = `inspection "${inspection.name}"`;
    return {
      ...inspection,
      run: substituteList(inspection.run, parameters, `${where} run`),
      expected_materials: substituteRules(
        inspection.expected_materials,
        parameters,
        `${where} materials`,
      ),
      expected_products: substituteRules(
        inspection.expected_products,
        parameters,
        `${where} products`,
      ),
    };
  });
  return { ...layout, steps, inspect };
}
