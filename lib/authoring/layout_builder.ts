// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * A typed builder for layouts: start from a skeleton or an existing layout,
 * add keys, steps and inspections with rules written as the reference
 * prints them, set the expiry, and get the unsigned layout in the
 * reference's format, ready to sign. Every change is checked with the
 * validator verification uses, so the builder never holds a layout that
 * verification would reject as malformed.
 *
 * @module
 */

import { IntotoError, isIntotoError } from "../errors.ts";
import type { KeyidFlavour, PublicKey } from "../crypto/key.ts";
import { layoutKeyObject } from "../crypto/key_object.ts";
import {
  isJsonObject,
  type JsonObject,
  type JsonValue,
  setOwn,
} from "../json/parse.ts";
import { equalBytes } from "../crypto/pkcs.ts";
import { parseCertificatesPem } from "../crypto/x509/certificate.ts";
import {
  authorityEntry,
  type CertConstraint,
} from "../model/certificate_authority.ts";
import { formatPythonJson } from "../json/python.ts";
import { formatExpires } from "../model/date.ts";
import { resolveExpiry } from "../model/expiry.ts";
import {
  type Inspection,
  type Layout,
  type Step,
  validateLayout,
} from "../model/layout.ts";
import {
  formatRule,
  parseRule,
  parseRuleText,
  type Rule,
  ruleTokens,
} from "../model/rule.ts";
import type { ValidateOptions } from "../model/validate.ts";
import { splitWords } from "../model/words.ts";

/**
 * An artifact rule: text as the reference prints it
 * (`MATCH foo.tar.gz WITH PRODUCTS FROM package`), its tokens, or a parsed
 * {@linkcode Rule}.
 */
export type RuleInput = string | readonly string[] | Rule;

/** A command: one line split as a shell would, or its words. */
export type CommandInput = string | readonly string[];

/** What {@linkcode LayoutBuilder.addStep} takes. */
export interface StepInput {
  /** Unique across steps and inspections; safe as a file name. */
  name: string;
  /** Keyids of the layout's keys that may sign the step's links. */
  keys: readonly string[];
  /** How many of them must agree (default 1). */
  threshold?: number;
  /** Rules for the materials, in order. */
  materials?: readonly RuleInput[];
  /** Rules for the products, in order. */
  products?: readonly RuleInput[];
  /** The command the links should record (default none). */
  expectedCommand?: CommandInput;
  /**
   * ITE-7: certificates meeting any one of these may also sign its links.
   * A field left out means any value (`*`); an empty list, none.
   */
  certConstraints?: readonly Partial<CertConstraint>[];
}

/** What {@linkcode LayoutBuilder.addInspection} takes. */
export interface InspectionInput {
  /** Unique across steps and inspections; safe as a file name. */
  name: string;
  /** The command the verifier runs, without a shell. */
  run: CommandInput;
  /** Rules for the materials, in order. */
  materials?: readonly RuleInput[];
  /** Rules for the products, in order. */
  products?: readonly RuleInput[];
}

/** Options for {@linkcode LayoutBuilder.create}. */
export interface CreateLayoutOptions {
  /**
   * When the layout expires: a date, a UTC time or a duration from `now`
   * such as `1y`, `6m`, `30d` (default `1y`).
   */
  expires?: string | Date;
  /** Free text for people (default empty). */
  readme?: string;
  /** The instant durations count from (default the current time). */
  now?: Date;
}

/** What {@linkcode LayoutBuilder.addKey} did. */
export interface AddedKey {
  /** The keyid the layout lists the key under. */
  keyid: string;
  /** False when the key was already listed under this keyid. */
  added: boolean;
}

/** What {@linkcode LayoutBuilder.remove} removed. */
export interface RemovedItem {
  /** Whether it was a step or an inspection. */
  kind: "step" | "inspection";
  /**
   * The rules left that still MATCH against it, such as
   * `step "package" materials: MATCH * WITH PRODUCTS FROM build`.
   */
  referencedBy: string[];
}

/**
 * Builds or edits a layout.
 *
 * @example The demo layout
 * ```ts ignore
 * import { LayoutBuilder, loadPublicKey } from "jsr:@intoto/intoto";
 * const layout = LayoutBuilder.create({ expires: "1y" });
 * const bob = layout.addKey(await loadPublicKey("bob.pub")).keyid;
 * layout.addStep({ name: "clone", keys: [bob],
 *   expectedCommand: "git clone https://example.com/demo-project.git",
 *   products: ["CREATE demo-project/foo.py", "DISALLOW *"] });
 * await Deno.writeTextFile("root.layout", layout.toString());
 * ```
 */
export class LayoutBuilder {
  #signed: JsonObject;

  private constructor(signed: JsonObject) {
    this.#signed = signed;
  }

  /**
   * A new layout with no keys, steps or inspections.
   *
   * @param options Expiry and readme.
   * @returns The builder.
   * @throws {IntotoError} `USAGE` for an expiry that is no date or duration.
   *
   * @example Usage
   * ```ts
   * import { LayoutBuilder } from "./layout_builder.ts";
   * import assert from "node:assert/strict";
   * const now = new Date("2026-01-01T00:00:00Z");
   * const layout = LayoutBuilder.create({ expires: "6m", now });
   * assert.equal(layout.layout.expires, "2026-07-01T00:00:00Z");
   * ```
   */
  static create(options: CreateLayoutOptions = {}): LayoutBuilder {
    const builder = new LayoutBuilder({
      _type: "layout",
      expires: "",
      readme: options.readme ?? "",
      keys: {},
      steps: [],
      inspect: [],
    });
    builder.setExpiry(options.expires ?? "1y", options.now);
    return builder;
  }

  /**
   * A builder that edits an existing layout's signed content. Fields it
   * does not know (such as ITE-7's `rootcas`) are kept as they are.
   *
   * @param signed The layout's `signed` object or DSSE payload.
   * @param options The file name for messages, the warnings sink.
   * @returns The builder.
   * @throws {IntotoError} `INVALID_METADATA` for a layout that verification
   * would reject as malformed.
   */
  static from(signed: JsonValue, options: ValidateOptions = {}): LayoutBuilder {
    validateLayout(signed, options);
    return new LayoutBuilder(structuredClone(signed as JsonObject));
  }

  /** The layout, typed. */
  get layout(): Layout {
    return validateLayout(this.#signed);
  }

  /** A copy of the layout's signed content as JSON. */
  get signed(): JsonObject {
    return structuredClone(this.#signed);
  }

  /**
   * Adds a functionary's public key to `keys`.
   *
   * @param key A loaded public key (PEM, securesystemslib JSON or GPG).
   * @param flavour Which keyid to list it under: `legacy` (default, as
   * in-toto 1.3.1 `-k` signs) or `modern` (in-toto 3 `--signing-key`).
   * GPG keys are listed under their fingerprint.
   * @returns The keyid, and whether the key is new.
   * @throws {IntotoError} `INVALID_METADATA` when the same key is listed
   * under its other keyid; `INVALID_KEY` for a revoked GPG key.
   */
  addKey(key: PublicKey, flavour: KeyidFlavour = "legacy"): AddedKey {
    const { keyid, object } = layoutKeyObject(key, flavour);
    const keys = this.#signed.keys as JsonObject;
    if (Object.hasOwn(keys, keyid)) return { keyid, added: false };
    this.#change(`add key "${keyid}"`, (signed) => {
      setOwn(signed.keys as JsonObject, keyid, object);
    });
    return { keyid, added: true };
  }

  /**
   * ITE-7: adds a CA certificate to `rootcas` (self-issued) or to
   * `intermediatecas` (issued by another CA), under its key's keyid.
   *
   * @param pem PEM certificates: the CA's first, then any others of its
   * entry.
   * @returns The keyid, whether it is new, and where it went.
   * @throws {IntotoError} `INVALID_KEY` when the PEM holds no certificate
   * or the first is not a CA's.
   */
  addAuthority(
    pem: string,
  ): AddedKey & { field: "rootcas" | "intermediatecas" } {
    const certificates = parseCertificatesPem(pem);
    const [first] = certificates;
    if (first === undefined || first.ca !== true) {
      throw new IntotoError(
        "INVALID_KEY",
        `Certificate "${
          first?.subjectText ?? ""
        }" is not a CA's (no basicConstraints CA:TRUE): add the CA that issued it, and constrain the step with certificate constraints`,
      );
    }
    const field = equalBytes(first.issuer, first.subject)
      ? "rootcas"
      : "intermediatecas";
    const entry = authorityEntry(certificates);
    const existing = this.#signed[field];
    if (isJsonObject(existing) && Object.hasOwn(existing, entry.keyid)) {
      return { keyid: entry.keyid, added: false, field };
    }
    this.#change(`add ${field} entry "${entry.keyid}"`, (signed) => {
      const map = isJsonObject(signed[field]) ? signed[field] : {};
      setOwn(map, entry.keyid, entry as unknown as JsonObject);
      signed[field] = map;
    });
    return { keyid: entry.keyid, added: true, field };
  }

  /**
   * The keyid of a key of the layout, from the keyid or its start.
   *
   * @param prefix A keyid or at least its first 8 hex characters.
   * @returns The full keyid.
   * @throws {IntotoError} `INVALID_METADATA` when no key or several keys
   * start with it.
   */
  findKey(prefix: string): string {
    const keyids = Object.keys(this.#signed.keys as JsonObject);
    const lower = prefix.toLowerCase();
    const found = /^[0-9a-f]{8,}$/.test(lower)
      ? keyids.filter((keyid) => keyid.startsWith(lower))
      : [];
    if (found.length === 1) return found[0]!;
    throw new IntotoError(
      "INVALID_METADATA",
      found.length === 0
        ? `No key of the layout has the keyid "${prefix}": add the key first, or give 8 or more hex characters of a listed keyid (${
          keyids.length === 0
            ? "the layout has no keys"
            : keyids.map((keyid) => keyid.slice(0, 8)).join(", ")
        })`
        : `Several keys of the layout start with "${prefix}": give more of the keyid`,
    );
  }

  /**
   * Appends a step.
   *
   * @param input The step's name, keys, threshold, rules, command.
   * @returns The step as the layout holds it.
   * @throws {IntotoError} `INVALID_METADATA` for a taken or unsafe name, a
   * keyid the layout does not list, a threshold out of range or a rule
   * that does not parse.
   */
  addStep(input: StepInput): Step {
    const threshold = input.threshold ?? 1;
    const constraints = (input.certConstraints ?? []).map(fullConstraint);
    const step: JsonObject = {
      _type: "step",
      name: input.name,
      threshold,
      pubkeys: [...input.keys],
      expected_command: commandWords(input.expectedCommand ?? []),
      expected_materials: rulesJson(input.materials),
      expected_products: rulesJson(input.products),
      ...(constraints.length === 0 ? {} : {
        cert_constraints: constraints as unknown as JsonValue[],
      }),
    };
    const action = `add step "${input.name}"`;
    this.#checkName(action, input.name);
    const keys = this.#signed.keys as JsonObject;
    for (const keyid of input.keys) {
      if (!Object.hasOwn(keys, keyid)) {
        throw cannot(action, `the layout has no key "${keyid}": add it first`);
      }
    }
    // Certificates can bring any number of further signers.
    const most = constraints.length > 0 ? Infinity : input.keys.length;
    if (!Number.isSafeInteger(threshold) || threshold < 1 || threshold > most) {
      throw cannot(
        action,
        `the threshold must be from 1 to the number of its keys (${input.keys.length}), not ${threshold}`,
      );
    }
    if (input.keys.length === 0 && constraints.length === 0) {
      throw cannot(action, "give it keys or certificate constraints");
    }
    this.#change(action, (signed) => {
      (signed.steps as JsonValue[]).push(step);
    });
    return this.layout.steps.at(-1)!;
  }

  /**
   * Appends an inspection.
   *
   * @param input The inspection's name, command and rules.
   * @returns The inspection as the layout holds it.
   * @throws {IntotoError} `INVALID_METADATA` for a taken or unsafe name, an
   * empty command or a rule that does not parse.
   */
  addInspection(input: InspectionInput): Inspection {
    const action = `add inspection "${input.name}"`;
    const inspection: JsonObject = {
      _type: "inspection",
      name: input.name,
      run: commandWords(input.run),
      expected_materials: rulesJson(input.materials),
      expected_products: rulesJson(input.products),
    };
    this.#checkName(action, input.name);
    this.#change(action, (signed) => {
      (signed.inspect as JsonValue[]).push(inspection);
    });
    return this.layout.inspect.at(-1)!;
  }

  /**
   * Removes a step or an inspection.
   *
   * @param name Its name.
   * @returns What it was, and the rules that still MATCH against it.
   * @throws {IntotoError} `INVALID_METADATA` when there is none by that
   * name.
   */
  remove(name: string): RemovedItem {
    for (
      const [field, kind] of [["steps", "step"], [
        "inspect",
        "inspection",
      ]] as const
    ) {
      const items = this.#signed[field] as JsonObject[];
      const index = items.findIndex((item) => item.name === name);
      if (index === -1) continue;
      this.#change(`remove ${kind} "${name}"`, (signed) => {
        (signed[field] as JsonValue[]).splice(index, 1);
      });
      return { kind, referencedBy: this.#matchesFrom(name) };
    }
    const layout = this.layout;
    const names = [...layout.steps, ...layout.inspect].map((item) =>
      `"${item.name}"`
    );
    throw new IntotoError(
      "INVALID_METADATA",
      `The layout has no step or inspection "${name}" (${
        names.length === 0 ? "it has none" : `it has ${names.join(", ")}`
      })`,
    );
  }

  /**
   * Sets when the layout expires.
   *
   * @param expires A date, a UTC time or a duration such as `1y`, `6m`,
   * `30d` from `now`; or a `Date`.
   * @param now The instant a duration counts from (default now).
   * @returns The new `expires`, `YYYY-MM-DDTHH:MM:SSZ`.
   * @throws {IntotoError} `USAGE` for anything else.
   */
  setExpiry(expires: string | Date, now: Date = new Date()): string {
    const value = typeof expires === "string"
      ? resolveExpiry(expires, now)
      : formatExpires(expires);
    this.#change("set the expiry", (signed) => {
      signed.expires = value;
    });
    return value;
  }

  /**
   * Sets the readme, free text for people.
   *
   * @param readme The text.
   */
  setReadme(readme: string): void {
    this.#change("set the readme", (signed) => {
      signed.readme = readme;
    });
  }

  /**
   * The unsigned layout, `{"signatures": [], "signed": ...}`.
   *
   * @returns The metablock as JSON.
   */
  toJson(): JsonObject {
    return { signatures: [], signed: this.signed };
  }

  /**
   * The unsigned layout as the reference writes it (`json.dumps` with
   * `indent=1` and sorted keys), ready for `intoto sign` or `in-toto-sign`.
   *
   * @returns The file's text.
   */
  toString(): string {
    return formatPythonJson(this.toJson(), { indent: 1 });
  }

  /** Applies `edit` to a copy, validates it, and keeps it. */
  #change(action: string, edit: (signed: JsonObject) => void): void {
    const next = structuredClone(this.#signed);
    edit(next);
    try {
      validateLayout(next);
    } catch (error) {
      if (!isIntotoError(error, "INVALID_METADATA")) throw error;
      throw cannot(action, error.message.replace(/^Invalid layout at /, ""));
    }
    this.#signed = next;
  }

  /** Fails when a step or an inspection already has `name`. */
  #checkName(action: string, name: string): void {
    const layout = this.layout;
    const taken = [...layout.steps, ...layout.inspect].find((item) =>
      item.name === name
    );
    if (taken !== undefined) {
      throw cannot(
        action,
        `a ${taken._type} of that name exists: remove it first`,
      );
    }
  }

  /** The rules that MATCH against the artifacts of `name`. */
  #matchesFrom(name: string): string[] {
    const layout = this.layout;
    return [...layout.steps, ...layout.inspect].flatMap((item) =>
      (["materials", "products"] as const).flatMap((kind) =>
        item[`expected_${kind}`].filter((tokens) => {
          const rule = parseRule(tokens);
          return rule.type === "MATCH" && rule.destinationStep === name;
        }).map((tokens) =>
          `${item._type} "${item.name}" ${kind}: ${formatRule(tokens)}`
        )
      )
    );
  }
}

function cannot(action: string, detail: string): IntotoError {
  return new IntotoError("INVALID_METADATA", `Cannot ${action}: ${detail}`);
}

/** A constraint with every field: those left out accept any value. */
function fullConstraint(partial: Partial<CertConstraint>): CertConstraint {
  return {
    common_name: partial.common_name ?? "*",
    dns_names: [...partial.dns_names ?? ["*"]],
    emails: [...partial.emails ?? ["*"]],
    organizations: [...partial.organizations ?? ["*"]],
    roots: [...partial.roots ?? ["*"]],
    uris: [...partial.uris ?? ["*"]],
  };
}

/** Rules as the layout holds them: tokens, keywords in upper case. */
function rulesJson(rules: readonly RuleInput[] = []): JsonValue[] {
  return rules.map((rule) => {
    if (typeof rule === "string") return ruleTokens(parseRuleText(rule));
    if (Array.isArray(rule)) return ruleTokens(parseRule(rule));
    return ruleTokens(parseRule(ruleTokens(rule as Rule)));
  });
}

function commandWords(command: CommandInput): string[] {
  return typeof command === "string" ? splitWords(command) : [...command];
}
