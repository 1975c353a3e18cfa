// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto attest verify --bundle FILE [policy] -- ARTIFACT...`: verifies a
 * Sigstore bundle offline. Loaded only when `--bundle` is given, so the
 * Sigstore libraries cost nothing to other commands.
 *
 * @module
 */

import { IntotoError } from "../errors.ts";
import { hashFile } from "../artifacts/hash.ts";
import { readFileBytes, statRegularFile } from "../io.ts";
import { statementToJson } from "../model/statement.ts";
import {
  type BundleArtifact,
  verifySigstoreBundle,
} from "../verify/sigstore/bundle.ts";
import type { CertificatePolicy, Match } from "../verify/sigstore/policy.ts";
import { anchoredRegExp } from "../verify/sigstore/policy.ts";
import { loadTrustedRoot } from "./attest_trusted_root.ts";
import { flagOption, listOption, stringOption, usageError } from "./args.ts";
import { defined } from "./defined.ts";
import type { CommandContext, ParsedArgs } from "./command.ts";

/**
 * Runs `attest verify --bundle`.
 *
 * @param args The parsed command line.
 * @param context Output.
 * @param command The command, for usage messages.
 * @returns The exit code.
 */
export async function verifyBundleCommand(
  args: ParsedArgs,
  context: CommandContext,
  command: { name: string },
): Promise<number> {
  const path = stringOption(args, "bundle")!;
  const keys = listOption(args, "key");
  if (keys.length > 1) {
    throw usageError(
      command,
      "a bundle is checked against one --key, not several",
    );
  }
  const certificate = certificatePolicy(args, command);
  if (keys.length === 1 && Object.keys(certificate).length > 0) {
    throw usageError(
      command,
      "give either --key or a certificate policy, not both",
    );
  }
  if (keys.length === 0) requireSigner(certificate, command);
  const files = [...args.positionals, ...args.rest];
  if (files.length === 0) {
    throw usageError(
      command,
      'name the artifacts the bundle must cover, as files or "sha256:HEX", after "--"',
    );
  }
  const trustedRoot = await loadTrustedRoot(
    stringOption(args, "trusted-root"),
  );
  const artifacts: BundleArtifact[] = [];
  for (const file of files) artifacts.push(await artifact(file));
  const predicateType = stringOption(args, "predicate-type");
  const facts = await verifySigstoreBundle(await readFileBytes(path), {
    trustedRoot,
    ...(keys.length === 1
      ? { key: new TextDecoder().decode(await readFileBytes(keys[0]!)) }
      : { certificate }),
    ...defined({ predicateType }),
    artifacts,
    source: path,
  });
  if (flagOption(args, "json")) {
    const { statement, ...rest } = facts;
    context.print(JSON.stringify(
      {
        ...(statement === undefined
          ? {}
          : { statement: statementToJson(statement) }),
        facts: rest,
      },
      null,
      2,
    ));
  } else {
    const issuer = facts.issuer === undefined ? "" : `, issuer ${facts.issuer}`;
    const log = facts.logIndex === undefined
      ? ", no log entry"
      : `, log index ${facts.logIndex}`;
    const time = facts.integratedTime === undefined
      ? ""
      : `, integrated ${facts.integratedTime}`;
    const signer = facts.identity === "key"
      ? `key "${keys[0]}"`
      : facts.identity;
    context.print(
      `Verified: bundle "${path}" signed by ${signer}${issuer}${log}${time}`,
    );
  }
  return 0;
}

function match(
  args: ParsedArgs,
  exact: string,
  pattern: string,
  command: { name: string },
): Match | undefined {
  const value = stringOption(args, exact);
  const regexp = stringOption(args, pattern);
  if (value !== undefined && regexp !== undefined) {
    throw usageError(command, `give --${exact} or --${pattern}, not both`);
  }
  if (regexp !== undefined) {
    try {
      anchoredRegExp(regexp, exact);
    } catch (error) {
      throw usageError(command, (error as Error).message);
    }
    return { pattern: regexp };
  }
  return value === undefined ? undefined : { exact: value };
}

function certificatePolicy(
  args: ParsedArgs,
  command: { name: string },
): CertificatePolicy {
  const policy: CertificatePolicy = {};
  const identity = match(
    args,
    "certificate-identity",
    "certificate-identity-regexp",
    command,
  );
  const issuer = match(
    args,
    "certificate-oidc-issuer",
    "certificate-oidc-issuer-regexp",
    command,
  );
  const repository = stringOption(args, "repo");
  const workflow = stringOption(args, "signer-workflow");
  if (identity !== undefined) policy.identity = identity;
  if (issuer !== undefined) policy.issuer = issuer;
  if (repository !== undefined) {
    if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) {
      throw usageError(
        command,
        `option "--repo" needs OWNER/NAME, not "${repository}"`,
      );
    }
    policy.repository = repository;
  }
  if (workflow !== undefined) {
    if (
      !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+\/[^@\s]+(?:@\S+)?$/.test(workflow)
    ) {
      throw usageError(
        command,
        `option "--signer-workflow" needs OWNER/NAME/PATH[@REF], not "${workflow}"`,
      );
    }
    policy.signerWorkflow = workflow;
  }
  return policy;
}

function requireSigner(policy: CertificatePolicy, command: { name: string }) {
  const github = policy.repository !== undefined ||
    policy.signerWorkflow !== undefined;
  if (github) return;
  if (policy.identity === undefined || policy.issuer === undefined) {
    throw usageError(
      command,
      "a bundle needs a policy: --certificate-identity[-regexp] with --certificate-oidc-issuer[-regexp], --repo, --signer-workflow, or --key (no signer is trusted by default)",
    );
  }
}

async function artifact(text: string): Promise<BundleArtifact> {
  const digest = /^sha256:([0-9a-fA-F]{64})$/.exec(text);
  if (digest !== null) {
    return { name: text, digest: { sha256: digest[1]!.toLowerCase() } };
  }
  if (text.startsWith("sha256:")) {
    throw new IntotoError(
      "USAGE",
      `Artifact "${text}" is not "sha256:" followed by 64 hex digits`,
    );
  }
  await statRegularFile(text);
  const bytes = await readFileBytes(text);
  return {
    name: text,
    digest: await hashFile(text, ["sha256", "sha512"]),
    bytes,
  };
}
