// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * intoto: in-toto supply chain integrity for TypeScript and Deno.
 *
 * The public API: keys, the in-toto documents as typed values, recording a
 * step, signing, and verifying a supply chain or an attestation. Everything
 * else under `lib/` is internal and may change.
 *
 * @module
 */

// Errors
export { IntotoError, isIntotoError } from "./lib/errors.ts";
export type {
  ErrorCode,
  FailureErrorCode,
  InputErrorCode,
  IntotoErrorOptions,
  Remedy,
} from "./lib/errors.ts";

// JSON as in-toto signs it
export { parseJson } from "./lib/json/parse.ts";
export type {
  JsonObject,
  JsonValue,
  ParseJsonOptions,
} from "./lib/json/parse.ts";
export { canonicalBytes } from "./lib/json/canonical.ts";

// Keys
export type { KeyidFlavour, PublicKey, Signer } from "./lib/crypto/key.ts";
export type { KeyType } from "./lib/crypto/pkcs.ts";
export { computeKeyid } from "./lib/crypto/keyid.ts";
export {
  loadPublicKey,
  loadSigner,
  parsePublicKeyObject,
} from "./lib/crypto/load.ts";
export { layoutKeyObject } from "./lib/crypto/key_object.ts";
export type { LoadKeyOptions } from "./lib/crypto/load.ts";
export { generateKeyPair } from "./lib/crypto/keygen.ts";
export { gpgKeyDict } from "./lib/crypto/gpg/key.ts";
export type { GpgKey, GpgKeyPart, GpgKeyType } from "./lib/crypto/gpg/key.ts";
export {
  loadGpgKeyFromHome,
  parseExportedGpgKey,
} from "./lib/crypto/gpg/keyring.ts";
export { gpgPublicKey } from "./lib/crypto/gpg/public_key.ts";
export { gpgSigner } from "./lib/crypto/gpg/sign.ts";
export type { GpgSignerOptions } from "./lib/crypto/gpg/sign.ts";
export { verifyGpgSignature } from "./lib/crypto/gpg/verify.ts";
export type { GpgSignature } from "./lib/crypto/gpg/verify.ts";
export type {
  GenerateKeyPairOptions,
  KeyPairPem,
} from "./lib/crypto/keygen.ts";

// Documents: layouts, links, rules, signed files
export { formatExpires, parseExpires } from "./lib/model/date.ts";
export type { ValidateOptions } from "./lib/model/validate.ts";
export { validateLayout } from "./lib/model/layout.ts";
export type {
  Inspection,
  Layout,
  RuleTokens,
  Step,
  SupplyChainItem,
} from "./lib/model/layout.ts";
export type {
  CertConstraint,
  CertificateAuthority,
} from "./lib/model/certificate_authority.ts";
export {
  formatRule,
  parseRule,
  parseRuleText,
  rulePathProblems,
} from "./lib/model/rule.ts";
export type {
  MatchRule,
  ParseRuleOptions,
  Rule,
  SimpleRule,
  SimpleRuleType,
} from "./lib/model/rule.ts";
export { resolveExpiry } from "./lib/model/expiry.ts";
export { linkToJson, validateLink } from "./lib/model/link.ts";
export type { ArtifactMap, DigestSet, Link } from "./lib/model/link.ts";
export type { Envelope, FileSignature } from "./lib/model/dsse.ts";
export {
  formatSignedFile,
  parseSignedFile,
  readSignedFile,
  signPayload,
  verifiedKeys,
} from "./lib/model/signed_file.ts";
export type {
  ReadSignedFileOptions,
  SignedFile,
  SignedFileFormat,
  SignPayloadOptions,
} from "./lib/model/signed_file.ts";

// Attestations: Statements and their predicates
export {
  parseStatement,
  STATEMENT_TYPE,
  statementToJson,
} from "./lib/model/statement.ts";
export type {
  ResourceDescriptor,
  Statement,
  StatementOptions,
  Subject,
} from "./lib/model/statement.ts";
export {
  LINK_PREDICATE_TYPE,
  linkFromStatement,
  statementFromLink,
} from "./lib/model/link_predicate.ts";
export type {
  LinkFromStatementOptions,
  LinkPredicate,
  StatementFromLinkOptions,
} from "./lib/model/link_predicate.ts";
export { SLSA_PROVENANCE_TYPE } from "./lib/model/slsa_provenance.ts";
export type {
  BuildDefinition,
  Builder,
  RunDetails,
  SlsaProvenance,
} from "./lib/model/slsa_provenance.ts";
export { linkOfFile } from "./lib/model/link_of_file.ts";
export type { LinkOfFileOptions } from "./lib/model/link_of_file.ts";
export { attestLink } from "./lib/model/attest_link.ts";

// Recording a step
export { DEFAULT_EXCLUDES } from "./lib/artifacts/exclude.ts";
export { recordArtifacts } from "./lib/artifacts/record.ts";
export type { RecordOptions } from "./lib/artifacts/record.ts";
export { DEFAULT_RUN_TIMEOUT } from "./lib/process/command.ts";
export type { Byproducts, RunCommandOptions } from "./lib/process/command.ts";
export { runStep } from "./lib/record/run.ts";
export type {
  ArtifactOptions,
  ProgressReporter,
  RecordProgress,
  RunStepOptions,
} from "./lib/record/run.ts";
export { recordStart, recordStop } from "./lib/record/record.ts";
export type {
  RecordStartOptions,
  RecordStopOptions,
} from "./lib/record/record.ts";
export { matchProducts } from "./lib/record/match_products.ts";
export type {
  MatchProductsOptions,
  ProductMismatch,
} from "./lib/record/match_products.ts";
export { writeLink } from "./lib/record/write.ts";
export type { LinkFormat, WriteLinkOptions } from "./lib/record/write.ts";
export { linkFileName } from "./lib/record/names.ts";

// Verifying
export type {
  ArtifactKind,
  RuleFailure,
  RuleOutcome,
  RuleReport,
  UnmatchedArtifact,
} from "./lib/rules/artifact_rules.ts";
export { verifySupplyChain } from "./lib/verify/verify.ts";
export type {
  InspectionRunner,
  VerifySupplyChainInput,
} from "./lib/verify/verify.ts";
export type { LinkReader, LinkSource } from "./lib/verify/links.ts";
export { directoryLinkSource, readMetadataFile } from "./lib/verify/load.ts";
export type { ReadMetadataOptions } from "./lib/verify/load.ts";
export {
  commandInspectionRunner,
  DEFAULT_INSPECTION_TIMEOUT,
} from "./lib/verify/inspection.ts";
export type { InspectionRunnerOptions } from "./lib/verify/inspection.ts";
export { DEFAULT_LIMITS } from "./lib/verify/limits.ts";
export type { VerifyLimits } from "./lib/verify/limits.ts";
export {
  describeReport,
  STAGES,
  VerificationError,
} from "./lib/verify/report.ts";
export type {
  ChainItem,
  FailureReport,
  InspectionReport,
  ItemRef,
  LinkReport,
  StageName,
  StageReport,
  StepReport,
  VerificationReport,
} from "./lib/verify/report.ts";
export { artifactRows, chainGraph } from "./lib/verify/chain_graph.ts";
export type {
  ArtifactRow,
  ChainGraph,
  GraphEdge,
  GraphNode,
  NodeStatus,
} from "./lib/verify/chain_graph.ts";
export { checkSubjects, verifyAttestation } from "./lib/verify/attestation.ts";
export type {
  CheckSubjectsOptions,
  SubjectMatch,
  VerifiedAttestation,
  VerifyAttestationOptions,
} from "./lib/verify/attestation.ts";

// Authoring layouts
export { LayoutBuilder } from "./lib/authoring/layout_builder.ts";
export type {
  AddedKey,
  CommandInput,
  CreateLayoutOptions,
  InspectionInput,
  RemovedItem,
  RuleInput,
  StepInput,
} from "./lib/authoring/layout_builder.ts";
export {
  readLayoutFile,
  writeLayoutFile,
} from "./lib/authoring/layout_file.ts";
export type { LayoutFile } from "./lib/authoring/layout_file.ts";
export { lintLayout } from "./lib/authoring/lint.ts";
export type {
  LintCheck,
  LintFinding,
  LintOptions,
  LintSeverity,
} from "./lib/authoring/lint.ts";
