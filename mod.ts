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
export { isJsonObject, parseJson } from "./lib/formats/json.ts";
export type {
  JsonObject,
  JsonValue,
  ParseJsonOptions,
} from "./lib/formats/json.ts";
export {
  canonicalBytes,
  encodeCanonical,
  formatPythonJson,
} from "./lib/formats/canonical.ts";
export type {
  CanonicalBytesOptions,
  PythonJsonOptions,
} from "./lib/formats/canonical.ts";
export { formatExpires, parseExpires } from "./lib/formats/date.ts";
export type { ValidateOptions } from "./lib/formats/validate.ts";
export { linkToJson, validateLink } from "./lib/formats/link.ts";
export type { ArtifactMap, DigestSet, Link } from "./lib/formats/link.ts";
export { validateLayout } from "./lib/formats/layout.ts";
export type {
  Inspection,
  Layout,
  RuleTokens,
  Step,
  SupplyChainItem,
} from "./lib/formats/layout.ts";
export { keyMaterial } from "./lib/formats/key_identity.ts";
export {
  decodeBase64,
  encodeBase64,
  envelopeToJson,
  IN_TOTO_PAYLOAD_TYPE,
  pae,
  parseEnvelope,
} from "./lib/formats/dsse.ts";
export type { Envelope, FileSignature } from "./lib/formats/dsse.ts";
export {
  formatSignedFile,
  MAX_SIGNATURES,
  parseSignedFile,
  readSignedFile,
  signedFileBytes,
  signPayload,
  verifiedKeys,
} from "./lib/formats/signed_file.ts";
export type {
  SignedFile,
  SignedFileFormat,
  SignPayloadOptions,
} from "./lib/formats/signed_file.ts";
export type { KeyidFlavour, PublicKey, Signer } from "./lib/keys/key.ts";
export { computeKeyid, keyidsOf } from "./lib/keys/keyid.ts";
export {
  loadPublicKey,
  loadSigner,
  parsePublicKeyObject,
} from "./lib/keys/load.ts";
export type { LoadKeyOptions } from "./lib/keys/load.ts";
export { verifySignature } from "./lib/keys/signature.ts";
export { generateKeyPair } from "./lib/keys/keygen.ts";
export type { GenerateKeyPairOptions, KeyPairPem } from "./lib/keys/keygen.ts";
export type { KeyType } from "./lib/keys/pkcs.ts";
export { formatRule, parseRule, ruleTokens } from "./lib/rules/rule.ts";
export type {
  MatchRule,
  Rule,
  SimpleRule,
  SimpleRuleType,
} from "./lib/rules/rule.ts";
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
export { runStep } from "./lib/run/run.ts";
export type {
  ArtifactOptions,
  ProgressReporter,
  RecordProgress,
  RunStepOptions,
} from "./lib/run/run.ts";
export {
  DEFAULT_RUN_TIMEOUT,
  resolveCommand,
  runCommand,
} from "./lib/run/command.ts";
export type { Byproducts, RunCommandOptions } from "./lib/run/command.ts";
export { recordStart, recordStop } from "./lib/run/record.ts";
export type {
  RecordStartOptions,
  RecordStopOptions,
} from "./lib/run/record.ts";
export { compareArtifacts, matchProducts } from "./lib/run/match_products.ts";
export type {
  MatchProductsOptions,
  ProductMismatch,
} from "./lib/run/match_products.ts";
export { writeLink } from "./lib/run/write.ts";
export type { LinkFormat, WriteLinkOptions } from "./lib/run/write.ts";
export {
  checkStepName,
  linkFileName,
  unfinishedFileName,
  unsignedFileName,
} from "./lib/run/names.ts";
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
} from "./lib/attestation/digest_set.ts";
export type { DigestMatchOptions } from "./lib/attestation/digest_set.ts";
export {
  descriptorToJson,
  MAX_DESCRIPTORS,
  parseStatement,
  STATEMENT_TYPE,
  statementToJson,
  validateResourceDescriptor,
  validateResourceDescriptors,
  validateStatement,
} from "./lib/attestation/statement.ts";
export type {
  ResourceDescriptor,
  Statement,
  StatementOptions,
  Subject,
} from "./lib/attestation/statement.ts";
export {
  LINK_PREDICATE_TYPE,
  linkFromStatement,
  statementFromLink,
  validateLinkPredicate,
} from "./lib/attestation/link_predicate.ts";
export type {
  LinkFromStatementOptions,
  LinkPredicate,
  StatementFromLinkOptions,
} from "./lib/attestation/link_predicate.ts";
export { linkOfFile } from "./lib/attestation/link_of_file.ts";
export type { LinkOfFileOptions } from "./lib/attestation/link_of_file.ts";
export {
  SLSA_PROVENANCE_TYPE,
  validateSlsaProvenance,
} from "./lib/attestation/slsa_provenance.ts";
export type {
  BuildDefinition,
  Builder,
  RunDetails,
  SlsaProvenance,
} from "./lib/attestation/slsa_provenance.ts";
export {
  checkSubjects,
  verifyAttestation,
} from "./lib/attestation/verify_attestation.ts";
export type {
  CheckSubjectsOptions,
  SubjectMatch,
  VerifiedAttestation,
  VerifyAttestationOptions,
} from "./lib/attestation/verify_attestation.ts";
export { attestLink } from "./lib/attestation/attest_link.ts";
