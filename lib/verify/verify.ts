// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The verification core: `verifySupplyChain` runs the stages of in-toto
 * verification in order over metadata already loaded in memory, and stops
 * at the first failure. It does no file or process I/O of its own: link
 * files come from a {@linkcode LinkSource} and inspections run through an
 * injected {@linkcode InspectionRunner}.
 *
 * Stages: layout signatures (every given key must verify), layout format,
 * expiry, parameter substitution, links and thresholds (distinct keys),
 * sublayouts (recursively), command alignment (warnings), threshold
 * consistency, step rules, inspections, inspection rules, summary.
 *
 * Stricter than the reference (in-toto 1.3.1): a layout with no steps and no
 * inspections fails (vacuous pass, T7); a link whose signed name is not the
 * step's is not counted (T5); only `link` and `layout` payloads count (T6);
 * every valid link of a step must agree, whatever the threshold (T4);
 * placeholders are always substituted and a missing value fails (X4);
 * inspections of sublayouts do not run unless allowed (X1).
 *
 * @module
 */

import { createHash } from "node:crypto";
import { artifactNames } from "../model/artifact_names.ts";
import { basename } from "node:path";
import { STATEMENT_TYPE } from "../model/statement.ts";
import { IntotoError } from "../errors.ts";
import { parseExpires } from "../model/date.ts";
import {
  type Inspection,
  type Layout,
  type RuleTokens,
  type Step,
  validateLayout,
} from "../model/layout.ts";
import type { Link } from "../model/link.ts";
import { type SignedFile, verifiedKeys } from "../model/signed_file.ts";
import type { PublicKey } from "../crypto/key.ts";
import {
  applyArtifactRules,
  ArtifactRuleError,
} from "../rules/artifact_rules.ts";
import { parseRule, type Rule } from "../model/rule.ts";
import { checkConsistency } from "./consistency.ts";
import { checkDsseLayoutExpires } from "./dsse_layout.ts";
import { checkFileLimits, resolveLimits, type VerifyLimits } from "./limits.ts";
import {
  type AcceptedFile,
  checkThreshold,
  collectStepLinks,
  linkDirectoryIdentity,
  type LinkSource,
} from "./links.ts";
import { keyMaterial } from "../crypto/key_identity.ts";
import { checkParameters, substituteParameters } from "./parameters.ts";
import { stderrTail } from "../process/command.ts";
import {
  type ChainItem,
  type ItemRef,
  type StageName,
  VerificationError,
  type VerificationReport,
} from "./report.ts";
import { composeReport, type Emit, type Finding } from "./findings.ts";

/**
 * Runs one inspection's command and returns its (unsigned) link: materials
 * recorded before, products after, `byproducts["return-value"]` the exit
 * code.
 */
export type InspectionRunner = (inspection: Inspection) => Promise<Link>;

/** What {@linkcode verifySupplyChain} verifies. */
export interface VerifySupplyChainInput {
  /** The signed layout. */
  layout: SignedFile;
  /** The project owner's keys: each one must verify the layout. */
  layoutKeys: readonly PublicKey[];
  /** The link files, by path relative to the link directory. */
  links: LinkSource;
  /** The layout's name for messages (default `"layout"`). */
  source?: string;
  /**
   * The time to check the layout's expiry and the validity of functionary
   * certificates against (default now).
   */
  now?: Date;
  /** Values for `{name}` placeholders in the layout (`--param`). */
  parameters?: Readonly<Record<string, string>>;
  /** Runs inspections; without it a layout with inspections fails. */
  runInspection?: InspectionRunner;
  /** Run inspections that come from sublayouts (default false: they fail). */
  allowSublayoutInspections?: boolean;
  /** Bounds on sizes and nesting. */
  limits?: Partial<VerifyLimits>;
}

interface Context {
  links: LinkSource;
  now: Date;
  runInspection: InspectionRunner | undefined;
  allowSublayoutInspections: boolean;
  limits: VerifyLimits;
  /** Layouts and links loaded so far, against `limits.maxFiles`. */
  loaded: { count: number };
  /**
   * Verified sublayouts by layout digest, functionary key, step and link
   * directory identity: one reached again through a shared directory is
   * not verified again.
   */
  sublayouts: Map<string, VerificationReport>;
}

interface Level {
  /** Name for messages: the layout file, or the delegated step. */
  source: string;
  /** Prefix of this level's link paths: `""` or `build.776a00e2/`. */
  directory: string;
  depth: number;
  /**
   * The summary link's name: the layout's file name at the top (in-toto
   * leaves it empty), the step's name below.
   */
  name: string;
  /** Checked in the parameters stage (library callers may pass anything). */
  parameters: Readonly<Record<string, unknown>>;
}

/** A step or inspection with its rules parsed after substitution. */
interface CompiledItem {
  name: string;
  kind: "step" | "inspection";
  materials: Rule[];
  products: Rule[];
}

/**
 * Verifies a supply chain: the layout, its links and its inspections.
 *
 * @param input The signed layout, the layout keys, where links come from,
 * and the options.
 * @returns The report of a passed verification (`passed: true`), with the
 * summary link.
 * @throws {VerificationError} When a stage fails: an `IntotoError` whose
 * code is a failure code (exit 1) or an input code (exit 2) and whose
 * `report` says which stage failed and what every stage before it found.
 *
 * @example In memory
 * ```ts ignore
 * import { verifySupplyChain } from "./verify.ts";
 * const report = await verifySupplyChain({
 *   layout, layoutKeys: [ownerKey],
 *   links: new Map([["build.776a00e2.link", buildLink]]),
 * });
 * console.log(report.summary?.products);
 * ```
 */
export async function verifySupplyChain(
  input: VerifySupplyChainInput,
): Promise<VerificationReport> {
  const context: Context = {
    links: input.links,
    now: input.now ?? new Date(),
    runInspection: input.runInspection,
    allowSublayoutInspections: input.allowSublayoutInspections ?? false,
    loaded: { count: 1 },
    sublayouts: new Map(),
    limits: resolveLimits(input.limits),
  };
  return await verifyLevel(input.layout, input.layoutKeys, context, {
    source: input.source ?? "layout",
    directory: "",
    depth: 0,
    name: basename(input.source ?? "layout"),
    parameters: input.parameters ?? {},
  });
}

/** The failure of one step or inspection, so the report can name it. */
class ItemFailure extends Error {
  constructor(readonly error: IntotoError, readonly item: ItemRef) {
    super(error.message);
  }
}

/** Runs `check` for one item; its failure is marked as that item's. */
async function forItem<T>(
  item: ItemRef,
  check: () => T | Promise<T>,
): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (!(error instanceof IntotoError)) throw error;
    throw new ItemFailure(error, item);
  }
}

/**
 * One level's verification in progress: the findings so far, and how to
 * run a stage so that its outcome is found too.
 */
class Trail {
  readonly findings: Finding[] = [];
  readonly emit: Emit = (finding) => this.findings.push(finding);

  /**
   * Runs a stage. On failure it throws a {@linkcode VerificationError}
   * whose report is composed of everything found so far.
   */
  async stage<T>(
    name: StageName,
    run: () => T | Promise<T>,
    detail: (value: T) => string,
  ): Promise<T> {
    try {
      const value = await run();
      this.emit({
        type: "stage",
        stage: { stage: name, status: "passed", detail: detail(value) },
      });
      return value;
    } catch (caught) {
      const failure = caught instanceof ItemFailure ? caught : undefined;
      const error = failure?.error ?? caught;
      if (!(error instanceof IntotoError)) throw error;
      this.emit({
        type: "stage",
        stage: { stage: name, status: "failed", detail: error.message },
      });
      this.emit({
        type: "failure",
        failure: {
          code: error.code,
          message: error.message,
          stage: name,
          ...(failure === undefined ? {} : { item: failure.item }),
        },
      });
      throw new VerificationError(error, this.report(false));
    }
  }

  /** The report of what was found. */
  report(passed: boolean): VerificationReport {
    return composeReport(this.findings, passed);
  }
}

/** The layout's items as the report pictures them. */
function chainOf(layout: Layout): ChainItem[] {
  const rules = (item: Step | Inspection) => ({
    materials: item.expected_materials,
    products: item.expected_products,
  });
  return [
    ...layout.steps.map((step): ChainItem => ({
      kind: "step",
      name: step.name,
      command: step.expected_command,
      ...rules(step),
      pubkeys: step.pubkeys,
      threshold: step.threshold,
      ...(step.cert_constraints?.length ? { certificates: true } : {}),
    })),
    ...layout.inspect.map((inspection): ChainItem => ({
      kind: "inspection",
      name: inspection.name,
      command: inspection.run,
      ...rules(inspection),
    })),
  ];
}

async function verifyLevel(
  file: SignedFile,
  keys: readonly PublicKey[],
  context: Context,
  level: Level,
): Promise<VerificationReport> {
  const trail = new Trail();
  const { emit } = trail;
  const layoutKeys = await trail.stage(
    "layout-signatures",
    () => checkLayoutSignatures(file, keys, context, level),
    (keyids) => `signed by ${keyids.map((keyid) => `"${keyid}"`).join(", ")}`,
  );
  emit({ type: "layout-keys", keyids: layoutKeys });
  const layout = await trail.stage(
    "layout-format",
    () => checkLayoutFormat(file, context, level, emit),
    (layout) =>
      `${layout.steps.length} step(s), ${layout.inspect.length} inspection(s)`,
  );
  emit({ type: "expires", expires: layout.expires });
  await trail.stage(
    "layout-expiry",
    () => checkExpiry(layout, context.now, level),
    () => `expires ${layout.expires}`,
  );
  const { substituted, items } = await trail.stage(
    "parameters",
    () => compileLayout(layout, level.parameters),
    () => `${Object.keys(level.parameters).length} parameter(s) given`,
  );
  emit({ type: "chain", chain: chainOf(substituted) });
  const found = await trail.stage(
    "links",
    () => collectLinks(substituted, context, level, emit),
    (steps) =>
      steps.size === 0
        ? "no steps"
        : `thresholds met for ${steps.size} step(s)`,
  );
  await trail.stage(
    "sublayouts",
    () => verifySublayouts(substituted, found, context, level, emit),
    (count) => `${count} sublayout(s) verified`,
  );
  await trail.stage(
    "commands",
    () => checkCommands(substituted.steps, found, emit),
    (mismatches) => `${mismatches} command(s) differ from the expected ones`,
  );
  const links = await trail.stage(
    "consistency",
    () => reduceLinks(substituted.steps, found, emit),
    () => "every step's valid links agree",
  );
  await trail.stage(
    "step-rules",
    () => checkItemRules(items.steps, links, emit),
    () => `rules of ${items.steps.length} step(s) passed`,
  );
  const inspectionLinks = await trail.stage(
    "inspections",
    () => runInspections(substituted.inspect, context, emit),
    (ran) => `${ran.size} inspection(s) passed`,
  );
  const all = new Map([...links, ...inspectionLinks]);
  await trail.stage(
    "inspection-rules",
    () => checkItemRules(items.inspections, all, emit),
    () => `rules of ${items.inspections.length} inspection(s) passed`,
  );
  const summary = await trail.stage(
    "summary",
    () => summarize(substituted.steps, all, level.name),
    (summary) =>
      `${artifactNames(summary.materials).length} material(s) in, ${
        artifactNames(summary.products).length
      } product(s) out`,
  );
  emit({ type: "summary", summary });
  return trail.report(true);
}

async function checkLayoutSignatures(
  file: SignedFile,
  keys: readonly PublicKey[],
  context: Context,
  level: Level,
): Promise<string[]> {
  checkFileLimits(file, level.source, context.limits);
  checkIsLayout(file, level.source);
  if (keys.length === 0) {
    throw new IntotoError(
      "SIGNATURE_INVALID",
      `Cannot verify layout "${level.source}": no layout key given: give the project owner's public key`,
      { remedy: { option: "layoutKeys" } },
    );
  }
  if (file.signatures.length === 0) {
    throw new IntotoError(
      "SIGNATURE_INVALID",
      `Cannot verify layout "${level.source}": it has no signatures; the project owner signs it with "intoto sign"`,
    );
  }
  for (const key of keys) {
    if ((await verifiedKeys(file, [key])).length === 0) {
      const named = [...new Set(file.signatures.map(({ keyid }) => keyid))]
        .map((keyid) => keyid === "" ? "(none)" : `"${keyid}"`);
      throw new IntotoError(
        "SIGNATURE_INVALID",
        `Cannot verify layout "${level.source}": no signature on it verifies with key "${key.keyid}"; its signatures name keyid ${
          named.join(", ")
        }`,
      );
    }
  }
  return keys.map((key) => key.keyid);
}

/**
 * Refuses, before any signature is checked, a link or an attestation given
 * where a layout belongs (a common slip: `verify -l build.776a00e2.link`).
 */
function checkIsLayout(file: SignedFile, source: string): void {
  const type = file.payload["_type"];
  const kind = type === "link"
    ? "a link"
    : type === STATEMENT_TYPE
    ? "an in-toto attestation (a Statement)"
    : undefined;
  if (kind !== undefined) {
    throw new IntotoError(
      "INVALID_METADATA",
      `Cannot verify layout "${source}": it is ${kind}, not a layout; pass the signed layout with -l`,
    );
  }
}

function checkLayoutFormat(
  file: SignedFile,
  context: Context,
  level: Level,
  emit: Emit,
): Layout {
  checkDsseLayoutExpires(file, level.source);
  const warnings: string[] = [];
  const layout = validateLayout(file.payload, {
    source: level.source,
    warnings,
  });
  for (const message of warnings) emit({ type: "warning", message });
  if (level.depth === 0) {
    if (layout.steps.length === 0 && layout.inspect.length === 0) {
      throw new IntotoError(
        "VERIFICATION_FAILED",
        `Layout "${level.source}" has no steps and no inspections: it would pass any product, so it is refused`,
      );
    }
    return layout;
  }
  if (layout.steps.length === 0) {
    throw new IntotoError(
      "VERIFICATION_FAILED",
      `Sublayout "${level.source}" has no steps: it does not say what the delegated step produced`,
    );
  }
  const inspection = layout.inspect[0];
  if (inspection !== undefined && !context.allowSublayoutInspections) {
    throw new IntotoError(
      "VERIFICATION_FAILED",
      `Sublayout "${level.source}" has inspection "${inspection.name}", whose command a functionary chose: it does not run unless sublayout inspections are allowed`,
      { remedy: { option: "allowSublayoutInspections" } },
    );
  }
  return layout;
}

function checkExpiry(layout: Layout, now: Date, level: Level): void {
  const expires = parseExpires(
    layout.expires,
    `"expires" of "${level.source}"`,
  );
  if (now.getTime() > expires.getTime()) {
    throw new IntotoError(
      "LAYOUT_EXPIRED",
      `Layout "${level.source}" expired on ${layout.expires}: ask the project owner for a renewed layout`,
    );
  }
}

function compileRules(tokens: readonly RuleTokens[], where: string): Rule[] {
  return tokens.map((rule) => {
    try {
      return parseRule(rule);
    } catch (error) {
      if (!(error instanceof IntotoError)) throw error;
      throw new IntotoError(
        "INVALID_METADATA",
        `${where}: ${error.message}`,
        { cause: error },
      );
    }
  });
}

function compileItem(
  item: Step | Inspection,
  kind: "step" | "inspection",
): CompiledItem {
  const where = `After substituting parameters, ${kind} "${item.name}"`;
  return {
    name: item.name,
    kind,
    materials: compileRules(item.expected_materials, `${where} materials`),
    products: compileRules(item.expected_products, `${where} products`),
  };
}

function compileLayout(
  layout: Layout,
  parameters: Readonly<Record<string, unknown>>,
): {
  substituted: Layout;
  items: { steps: CompiledItem[]; inspections: CompiledItem[] };
} {
  const substituted = substituteParameters(layout, checkParameters(parameters));
  return {
    substituted,
    items: {
      steps: substituted.steps.map((step) => compileItem(step, "step")),
      inspections: substituted.inspect.map((inspection) =>
        compileItem(inspection, "inspection")
      ),
    },
  };
}

async function collectLinks(
  layout: Layout,
  context: Context,
  level: Level,
  emit: Emit,
): Promise<Map<string, AcceptedFile[]>> {
  const found = new Map<string, AcceptedFile[]>();
  for (const step of layout.steps) {
    await forItem({ kind: "step", name: step.name }, async () => {
      const result = await collectStepLinks(step, {
        layout,
        source: context.links,
        directory: level.directory,
        limits: context.limits,
        at: context.now,
        onLoad: (path) => countLoad(context, path),
      });
      emit({ type: "step", step: result.report });
      for (const message of result.warnings) emit({ type: "warning", message });
      checkThreshold(result.report);
      found.set(step.name, result.accepted);
    });
  }
  return found;
}

async function verifySublayouts(
  layout: Layout,
  found: ReadonlyMap<string, AcceptedFile[]>,
  context: Context,
  level: Level,
  emit: Emit,
): Promise<number> {
  let count = 0;
  for (const step of layout.steps) {
    await forItem({ kind: "step", name: step.name }, async () => {
      for (const accepted of found.get(step.name) ?? []) {
        const { signed } = accepted;
        if (accepted.link !== undefined || signed === undefined) continue;
        if (level.depth + 1 > context.limits.maxDepth) {
          throw new IntotoError(
            "LIMIT_EXCEEDED",
            `Sublayout "${accepted.path}" is nested more than ${context.limits.maxDepth} levels deep`,
          );
        }
        const sublevel: Level = {
          source: accepted.path,
          directory: `${level.directory}${step.name}.${accepted.prefix}/`,
          depth: level.depth + 1,
          name: step.name,
          parameters: {},
        };
        const memo = [
          createHash("sha256").update(signed.signedBytes).digest(
            "hex",
          ),
          keyMaterial(accepted.key),
          step.name,
          await linkDirectoryIdentity(context.links, sublevel.directory),
        ].join("\n");
        let subreport = context.sublayouts.get(memo);
        try {
          subreport ??= await verifyLevel(
            signed,
            [accepted.key],
            context,
            sublevel,
          );
          context.sublayouts.set(memo, subreport);
          emit({ type: "sublayout", step: step.name, report: subreport });
        } catch (error) {
          if (error instanceof VerificationError) {
            emit({ type: "sublayout", step: step.name, report: error.report });
          }
          if (!(error instanceof IntotoError)) throw error;
          throw new IntotoError(
            error.code,
            `Step "${step.name}" is delegated to sublayout "${accepted.path}", which failed: ${error.message}`,
            { cause: error },
          );
        }
        accepted.link = subreport.summary;
        for (const warning of subreport.warnings) {
          emit({ type: "warning", message: `${accepted.path}: ${warning}` });
        }
        count += 1;
      }
    });
  }
  return count;
}

/** Counts a loaded file; fails past `limits.maxFiles`. */
function countLoad(context: Context, path: string): void {
  context.loaded.count += 1;
  if (context.loaded.count > context.limits.maxFiles) {
    throw new IntotoError(
      "LIMIT_EXCEEDED",
      `Cannot load "${path}": verification has loaded ${context.limits.maxFiles} layouts and links, its limit; sublayouts that share link directories can ask for more without end, so the limit must be raised on purpose`,
    );
  }
}

function sameCommand(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((arg, index) => arg === b[index]);
}

function checkCommands(
  steps: readonly Step[],
  found: ReadonlyMap<string, AcceptedFile[]>,
  emit: Emit,
): number {
  let mismatches = 0;
  for (const step of steps) {
    for (const accepted of found.get(step.name) ?? []) {
      const command = accepted.link?.command ?? [];
      if (!sameCommand(command, step.expected_command)) {
        mismatches += 1;
        emit({
          type: "warning",
          message: `Step "${step.name}": "${accepted.path}" ran ${
            JSON.stringify(command)
          }, but the layout expects ${JSON.stringify(step.expected_command)}`,
        });
      }
    }
  }
  return mismatches;
}

async function reduceLinks(
  steps: readonly Step[],
  found: ReadonlyMap<string, AcceptedFile[]>,
  emit: Emit,
): Promise<Map<string, Link>> {
  const reduced = new Map<string, Link>();
  for (const step of steps) {
    const links = (found.get(step.name) ?? []).flatMap((accepted) =>
      accepted.link === undefined
        ? []
        : [{ ...accepted.link, path: accepted.path }]
    );
    await forItem(
      { kind: "step", name: step.name },
      () => checkConsistency(step.name, links),
    );
    const [first] = links;
    if (first !== undefined) {
      const { path: _path, ...link } = first;
      reduced.set(step.name, link);
      emit({
        type: "artifacts",
        item: { kind: "step", name: step.name },
        artifacts: { materials: link.materials, products: link.products },
      });
    }
  }
  return reduced;
}

async function checkItemRules(
  items: readonly CompiledItem[],
  links: ReadonlyMap<string, Link>,
  emit: Emit,
): Promise<void> {
  for (const item of items) {
    await forItem(item, () => checkRulesOf(item, links, emit));
  }
}

function checkRulesOf(
  item: CompiledItem,
  links: ReadonlyMap<string, Link>,
  emit: Emit,
): void {
  const link = links.get(item.name);
  if (link === undefined) {
    throw new IntotoError(
      "VERIFICATION_FAILED",
      `Cannot check the rules of ${item.kind} "${item.name}": it has no link`,
    );
  }
  const ref: ItemRef = { kind: item.kind, name: item.name };
  for (const kind of ["materials", "products"] as const) {
    try {
      const result = applyArtifactRules({
        item: item.name,
        itemType: item.kind,
        kind,
        rules: kind === "materials" ? item.materials : item.products,
        link,
        links,
      });
      emit({ type: "rules", item: ref, rules: result });
    } catch (error) {
      if (error instanceof ArtifactRuleError) {
        emit({ type: "rules", item: ref, rules: error.report });
      }
      throw error;
    }
  }
}

async function runInspections(
  inspections: readonly Inspection[],
  context: Context,
  emit: Emit,
): Promise<Map<string, Link>> {
  const links = new Map<string, Link>();
  for (const inspection of inspections) {
    emit({ type: "inspection", name: inspection.name, run: inspection.run });
    const link = await forItem(
      { kind: "inspection", name: inspection.name },
      () => runInspection(inspection, context, emit),
    );
    links.set(inspection.name, link);
  }
  return links;
}

async function runInspection(
  inspection: Inspection,
  context: Context,
  emit: Emit,
): Promise<Link> {
  if (inspection.run.length === 0) {
    throw new IntotoError(
      "INSPECTION_FAILED",
      `Inspection "${inspection.name}" has no command to run`,
    );
  }
  if (context.runInspection === undefined) {
    throw new IntotoError(
      "INSPECTION_FAILED",
      `Cannot run inspection "${inspection.name}": no inspection runner was given`,
    );
  }
  const link = await context.runInspection(inspection);
  const item: ItemRef = { kind: "inspection", name: inspection.name };
  emit({
    type: "artifacts",
    item,
    artifacts: { materials: link.materials, products: link.products },
  });
  const returnValue = link.byproducts["return-value"];
  if (typeof returnValue === "number") {
    emit({ type: "return-value", name: inspection.name, value: returnValue });
  }
  if (returnValue !== 0) {
    throw new IntotoError(
      "INSPECTION_FAILED",
      `Inspection "${inspection.name}" failed: "${
        inspection.run.join(" ")
      }" exited with ${JSON.stringify(returnValue ?? null)}${
        stderrTail(String(link.byproducts.stderr ?? ""))
      }`,
    );
  }
  return link;
}

function summarize(
  steps: readonly Step[],
  links: ReadonlyMap<string, Link>,
  name: string,
): Link {
  const first = steps[0] === undefined ? undefined : links.get(steps[0].name);
  const lastStep = steps.at(-1);
  const last = lastStep === undefined ? undefined : links.get(lastStep.name);
  return {
    _type: "link",
    name,
    command: last?.command ?? [],
    materials: first?.materials ?? {},
    products: last?.products ?? {},
    byproducts: last?.byproducts ?? {},
    environment: {},
  };
}
