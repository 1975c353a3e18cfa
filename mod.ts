// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * intoto: in-toto supply chain integrity for TypeScript and Deno.
 *
 * @module
 */

export { IntotoError, isIntotoError } from "./lib/errors.ts";
export type {
  ErrorCode,
  FailureErrorCode,
  InputErrorCode,
} from "./lib/errors.ts";
export { isJsonObject, parseJson } from "./lib/json/parse.ts";
export type {
  JsonObject,
  JsonValue,
  ParseJsonOptions,
} from "./lib/json/parse.ts";
export {
  canonicalBytes,
  encodeCanonical,
  formatPythonJson,
} from "./lib/json/canonical.ts";
export type {
  CanonicalBytesOptions,
  PythonJsonOptions,
} from "./lib/json/canonical.ts";
export { formatExpires, parseExpires } from "./lib/model/date.ts";
export type { ValidateOptions } from "./lib/model/validate.ts";
export { linkToJson, validateLink } from "./lib/model/link.ts";
export type { ArtifactMap, DigestSet, Link } from "./lib/model/link.ts";
export { validateLayout } from "./lib/model/layout.ts";
export type {
  Inspection,
  Layout,
  RuleTokens,
  Step,
  SupplyChainItem,
} from "./lib/model/layout.ts";
export { keyMaterial } from "./lib/crypto/key_identity.ts";
export {
  decodeBase64,
  encodeBase64,
  envelopeToJson,
  IN_TOTO_PAYLOAD_TYPE,
  pae,
  parseEnvelope,
} from "./lib/model/dsse.ts";
export type { Envelope, FileSignature } from "./lib/model/dsse.ts";
export {
  formatSignedFile,
  MAX_SIGNATURES,
  parseSignedFile,
  readSignedFile,
  signedFileBytes,
  signPayload,
  verifiedKeys,
} from "./lib/model/signed_file.ts";
export type {
  SignedFile,
  SignedFileFormat,
  SignPayloadOptions,
} from "./lib/model/signed_file.ts";
export type { KeyidFlavour, PublicKey, Signer } from "./lib/crypto/key.ts";
export { computeKeyid, keyidsOf } from "./lib/crypto/keyid.ts";
export {
  loadPublicKey,
  loadSigner,
  parsePublicKeyObject,
} from "./lib/crypto/load.ts";
export type { LoadKeyOptions } from "./lib/crypto/load.ts";
export { verifySignature } from "./lib/crypto/signature.ts";
export { generateKeyPair } from "./lib/crypto/keygen.ts";
export type {
  GenerateKeyPairOptions,
  KeyPairPem,
} from "./lib/crypto/keygen.ts";
export type { KeyType } from "./lib/crypto/pkcs.ts";
export { formatRule, parseRule, ruleTokens } from "./lib/model/rule.ts";
export type {
  MatchRule,
  Rule,
  SimpleRule,
  SimpleRuleType,
} from "./lib/model/rule.ts";
export { compilePattern, fnmatch } from "./lib/rules/fnmatch.ts";
export type { CompiledPattern } from "./lib/rules/fnmatch.ts";
export {
  artifactNameProblem,
  checkArtifactName,
} from "./lib/rules/artifact_name.ts";
export type { CheckArtifactNameOptions } from "./lib/rules/artifact_name.ts";
export {
  applyArtifactRules,
  ArtifactRuleError,
} from "./lib/rules/artifact_rules.ts";
export type {
  ApplyArtifactRulesInput,
  ArtifactKind,
  LinkArtifacts,
  RuleFailure,
  RuleOutcome,
  RuleReport,
  UnmatchedArtifact,
} from "./lib/rules/artifact_rules.ts";
export {
  recordArtifacts,
  recordArtifactsWithBytes,
} from "./lib/artifacts/record.ts";
export type {
  RecordedArtifacts,
  RecordOptions,
} from "./lib/artifacts/record.ts";
export {
  checkAlgorithms,
  HASH_ALGORITHMS,
  hashFile,
} from "./lib/artifacts/hash.ts";
export type { HashFileOptions } from "./lib/artifacts/hash.ts";
export { DEFAULT_EXCLUDES, ExcludeMatcher } from "./lib/artifacts/exclude.ts";
export { normpath } from "./lib/artifacts/walk.ts";
export { runStep } from "./lib/record/run.ts";
export type {
  ArtifactOptions,
  ProgressReporter,
  RecordProgress,
  RunStepOptions,
} from "./lib/record/run.ts";
export {
  DEFAULT_RUN_TIMEOUT,
  resolveCommand,
  runCommand,
} from "./lib/process/command.ts";
export type { Byproducts, RunCommandOptions } from "./lib/process/command.ts";
export { recordStart, recordStop } from "./lib/record/record.ts";
export type {
  RecordStartOptions,
  RecordStopOptions,
} from "./lib/record/record.ts";
export {
  compareArtifacts,
  matchProducts,
} from "./lib/record/match_products.ts";
export type {
  MatchProductsOptions,
  ProductMismatch,
} from "./lib/record/match_products.ts";
export { writeLink } from "./lib/record/write.ts";
export type { LinkFormat, WriteLinkOptions } from "./lib/record/write.ts";
export {
  checkStepName,
  linkFileName,
  unfinishedFileName,
  unsignedFileName,
} from "./lib/record/names.ts";
export { verifySupplyChain } from "./lib/verify/verify.ts";
export type {
  InspectionRunner,
  VerifySupplyChainInput,
} from "./lib/verify/verify.ts";
export type { LinkSource } from "./lib/verify/links.ts";
export { DEFAULT_LIMITS } from "./lib/verify/limits.ts";
export type { VerifyLimits } from "./lib/verify/limits.ts";
export {
  checkParameters,
  formatToken,
  parseParameters,
  substituteParameters,
} from "./lib/verify/parameters.ts";
export {
  describeReport,
  STAGES,
  VerificationError,
} from "./lib/verify/report.ts";
export type {
  FailureReport,
  InspectionReport,
  LinkReport,
  StageName,
  StageReport,
  StepReport,
  VerificationReport,
} from "./lib/verify/report.ts";
export { directoryLinkSource, readMetadataFile } from "./lib/verify/load.ts";
export type { ReadMetadataOptions } from "./lib/verify/load.ts";
export {
  commandInspectionRunner,
  DEFAULT_INSPECTION_TIMEOUT,
} from "./lib/verify/inspection.ts";
export type { InspectionRunnerOptions } from "./lib/verify/inspection.ts";
export { interpretPayload } from "./lib/verify/payload.ts";
export type {
  InterpretPayloadOptions,
  StepEvidence,
} from "./lib/verify/payload.ts";
export { checkDsseLayoutExpires } from "./lib/verify/dsse_layout.ts";
export {
  ACCEPTED_DIGEST_ALGORITHMS,
  digestSetsMatch,
  KNOWN_DIGEST_ALGORITHMS,
  MAX_DIGESTS_PER_SET,
  validateDigestSet,
} from "./lib/model/digest_set.ts";
export type { DigestMatchOptions } from "./lib/model/digest_set.ts";
export {
  descriptorToJson,
  MAX_DESCRIPTORS,
  parseStatement,
  STATEMENT_TYPE,
  statementToJson,
  validateResourceDescriptor,
  validateResourceDescriptors,
  validateStatement,
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
  validateLinkPredicate,
} from "./lib/model/link_predicate.ts";
export type {
  LinkFromStatementOptions,
  LinkPredicate,
  StatementFromLinkOptions,
} from "./lib/model/link_predicate.ts";
export { linkOfFile } from "./lib/model/link_of_file.ts";
export type { LinkOfFileOptions } from "./lib/model/link_of_file.ts";
export {
  SLSA_PROVENANCE_TYPE,
  validateSlsaProvenance,
} from "./lib/model/slsa_provenance.ts";
export type {
  BuildDefinition,
  Builder,
  RunDetails,
  SlsaProvenance,
} from "./lib/model/slsa_provenance.ts";
export { checkSubjects, verifyAttestation } from "./lib/verify/attestation.ts";
export type {
  CheckSubjectsOptions,
  SubjectMatch,
  VerifiedAttestation,
  VerifyAttestationOptions,
} from "./lib/verify/attestation.ts";
export { attestLink } from "./lib/model/attest_link.ts";
