// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * `intoto attest verify -a ATTESTATION -k KEY... [FILES...]`: checks one
 * in-toto attestation (a Statement v1 in a DSSE envelope) against trusted
 * keys and local files.
 *
 * @module
 */

import { createHash } from "node:crypto";
import { IntotoError } from "../errors.ts";
import type { ArtifactMap, DigestSet } from "../formats/link.ts";
import { ioError, readFileBytes } from "../io.ts";
import { ACCEPTED_DIGEST_ALGORITHMS } from "../attestation/digest_set.ts";
import type { Statement } from "../attestation/statement.ts";
import {
  checkSubjects,
  verifyAttestation,
} from "../attestation/verify_attestation.ts";
import type { PublicKey } from "../keys/key.ts";
import { loadPublicKey } from "../keys/load.ts";
import {
  flagOption,
  listOption,
  requiredOption,
  stringOption,
  usageError,
} from "./args.ts";
import type { CommandSpec } from "./command.ts";

const HELP =
  `intoto attest verify: check an in-toto attestation against keys and files

USAGE
  intoto attest verify -a ATTESTATION -k KEY... [--threshold N]
                       [--predicate-type URI] [--match-by-digest] [FILE...]

  ATTESTATION is a DSSE envelope of type "application/vnd.in-toto+json"
  whose payload is an in-toto Statement v1. It passes when at least N
  distinct keys among KEY signed it (a signature's keyid is only a hint),
  its predicate type is URI (when given), and each FILE's digest matches the
  subject of the same name (FILE as given, without a leading "./"). The
  predicate type is printed on stdout.

OPTIONS
  -a, --attestation FILE   The attestation (required)
  -k, --key KEY...         Trusted public keys, PEM or securesystemslib
                           JSON (required)
  --threshold N            Distinct keys that must have signed; default 1
  --predicate-type URI     The predicate type required, such as
                           https://slsa.dev/provenance/v1
  --match-by-digest        Match each FILE against any subject by digest,
                           ignoring subject names

  Lists take several values after one flag (-k a b) or a repeated flag
  (-k a -k b).

EXIT CODES
  0 verified; 1 a signature, type or subject check failed; 2 bad input`;

/** Digest algorithms of the attestation spec that node:crypto computes. */
const NODE_HASHES: ReadonlyMap<string, string> = new Map([
  ["sha224", "sha224"],
  ["sha256", "sha256"],
  ["sha384", "sha384"],
  ["sha512", "sha512"],
  ["sha512_224", "sha512-224"],
  ["sha512_256", "sha512-256"],
  ["sha3_224", "sha3-224"],
  ["sha3_256", "sha3-256"],
  ["sha3_384", "sha3-384"],
  ["sha3_512", "sha3-512"],
]);

/** `intoto attest verify`. */
export const command: CommandSpec = {
  name: "attest verify",
  summary: "Check an in-toto attestation against keys and local files",
  help: HELP,
  options: {
    attestation: { type: "string", short: "a" },
    key: { type: "string", short: "k", multiple: true },
    threshold: { type: "string" },
    "predicate-type": { type: "string" },
    "match-by-digest": { type: "boolean" },
  },
  permissions: ["read"],
  async main(args, context) {
    const path = requiredOption(args, command, "attestation");
    const keyPaths = listOption(args, "key");
    if (keyPaths.length === 0) {
      throw usageError(command, 'missing required option "-k/--key"');
    }
    const threshold = parseThreshold(stringOption(args, "threshold"));
    const predicateType = stringOption(args, "predicate-type");
    const keys: PublicKey[] = [];
    for (const keyPath of keyPaths) keys.push(await loadPublicKey(keyPath));
    const { statement, signers } = await verifyAttestation(
      await readAttestation(path),
      {
        keys,
        source: path,
        ...(threshold === undefined ? {} : { threshold }),
        ...(predicateType === undefined ? {} : { predicateType }),
      },
    );
    context.info(
      `Attestation "${path}" is signed by ${
        signers.map((key) => key.keyid.slice(0, 8)).join(", ")
      }`,
    );
    const artifacts = await hashFiles(args.positionals, statement);
    const matches = checkSubjects(statement, artifacts, {
      source: path,
      matchByDigest: flagOption(args, "match-by-digest"),
    });
    for (const { name, subjects } of matches) {
      const names = subjects.map((subject) => subject.name ?? "(unnamed)");
      context.info(`"${name}" matches subject "${names.join('", "')}"`);
    }
    context.print(statement.predicateType);
    return 0;
  },
};

/** Largest attestation file read: 256 MiB, as for `intoto verify`. */
const MAX_ATTESTATION_BYTES = 256 * 1024 * 1024;

async function readAttestation(path: string): Promise<Uint8Array> {
  let size: number;
  try {
    size = (await Deno.stat(path)).size;
  } catch (error) {
    throw ioError(error, "read", path);
  }
  if (size > MAX_ATTESTATION_BYTES) {
    throw new IntotoError(
      "LIMIT_EXCEEDED",
      `Cannot verify attestation "${path}": it has ${size} bytes, more than the limit of ${MAX_ATTESTATION_BYTES}`,
    );
  }
  return await readFileBytes(path);
}

function parseThreshold(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9][0-9]{0,8}$/.test(text)) {
    throw usageError(
      command,
      `option "--threshold" needs a whole number of at least 1, not "${text}"`,
    );
  }
  return Number(text);
}

/**
 * Hashes each file, in one pass, with sha256 and every other accepted
 * algorithm the statement's subjects use that node:crypto computes.
 */
async function hashFiles(
  paths: readonly string[],
  statement: Statement,
): Promise<ArtifactMap> {
  const algorithms = new Set(["sha256"]);
  for (const subject of statement.subject) {
    for (const name of Object.keys(subject.digest)) {
      if (NODE_HASHES.has(name) && ACCEPTED_DIGEST_ALGORITHMS.has(name)) {
        algorithms.add(name);
      }
    }
  }
  const artifacts: ArtifactMap = {};
  for (const path of paths) {
    const name = path.replace(/^(?:\.\/)+/, "");
    if (Object.hasOwn(artifacts, name)) {
      throw new IntotoError("USAGE", `File "${path}" is given twice`);
    }
    Object.defineProperty(artifacts, name, {
      value: await hashFile(path, algorithms),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return artifacts;
}

async function hashFile(
  path: string,
  algorithms: ReadonlySet<string>,
): Promise<DigestSet> {
  const hashes = [...algorithms].map((name) =>
    [name, createHash(NODE_HASHES.get(name)!)] as const
  );
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path);
  } catch (error) {
    throw ioError(error, "read", path);
  }
  try {
    const buffer = new Uint8Array(1 << 20);
    for (;;) {
      const count = await file.read(buffer);
      if (count === null) break;
      for (const [, hash] of hashes) hash.update(buffer.subarray(0, count));
    }
  } catch (error) {
    throw ioError(error, "read", path);
  } finally {
    file.close();
  }
  const digest: DigestSet = {};
  for (const [name, hash] of hashes) digest[name] = hash.digest("hex");
  return digest;
}
