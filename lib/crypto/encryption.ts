// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Password-based key encryption, as the key files in-toto users have are
 * written:
 * - PKCS#8 `EncryptedPrivateKeyInfo` (`BEGIN ENCRYPTED PRIVATE KEY`): PBES2
 *   with PBKDF2 (HMAC-SHA1/224/256/384/512) and AES-128/256-CBC or
 *   DES-EDE3-CBC, and PBES1 `pbeWithMD5AndDES-CBC`/`pbeWithSHA1AndDES-CBC`;
 * - legacy OpenSSL PEM encryption (`Proc-Type: 4,ENCRYPTED`, `DEK-Info`), as
 *   `in-toto-keygen -p` 1.3.1 writes RSA keys;
 * - securesystemslib's encrypted JSON key files
 *   (`salt@@@@iterations@@@@hmac@@@@iv@@@@ciphertext`: PBKDF2-HMAC-SHA256,
 *   AES-256-CTR, HMAC-SHA256 over the ciphertext).
 *
 * Decryption failures are `WRONG_PASSWORD`; malformed structures are
 * `INVALID_KEY`; unknown algorithms are `UNSUPPORTED`.
 *
 * @module
 */

import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  pbkdf2,
  timingSafeEqual,
} from "node:crypto";
import { Buffer } from "node:buffer";
import { promisify } from "node:util";
import { IntotoError } from "../errors.ts";
import {
  concatBytes,
  encodeDer,
  encodeInteger,
  encodeOid,
  encodeSequence,
  readSequence,
  TAG,
} from "./der.ts";

const pbkdf2Async = promisify(pbkdf2);

/** Most PBKDF iterations accepted from a key file (denial of service). */
export const MAX_ITERATIONS = 10_000_000;

/** PBKDF2 iterations used when we encrypt a key. */
export const ENCRYPT_ITERATIONS = 100_000;

const OID = {
  pbes2: "1.2.840.113549.1.5.13",
  pbkdf2: "1.2.840.113549.1.5.12",
  pbeMd5Des: "1.2.840.113549.1.5.3",
  pbeSha1Des: "1.2.840.113549.1.5.10",
  aes256Cbc: "2.16.840.1.101.3.4.1.42",
  hmacSha256: "1.2.840.113549.2.9",
} as const;

const PRFS: Record<string, string> = {
  "1.2.840.113549.2.7": "sha1",
  "1.2.840.113549.2.8": "sha224",
  [OID.hmacSha256]: "sha256",
  "1.2.840.113549.2.10": "sha384",
  "1.2.840.113549.2.11": "sha512",
};

interface CipherSpec {
  /** node:crypto cipher name. */
  name: string;
  keyLength: number;
  ivLength: number;
  /** Single DES runs as 3DES with three equal keys. */
  singleDes?: boolean;
}

const CBC_CIPHERS: Record<string, CipherSpec> = {
  "2.16.840.1.101.3.4.1.2": {
    name: "aes-128-cbc",
    keyLength: 16,
    ivLength: 16,
  },
  [OID.aes256Cbc]: { name: "aes-256-cbc", keyLength: 32, ivLength: 16 },
  "1.2.840.113549.3.7": { name: "des-ede3-cbc", keyLength: 24, ivLength: 8 },
  "1.3.14.3.2.7": {
    name: "des-ede3-cbc",
    keyLength: 8,
    ivLength: 8,
    singleDes: true,
  },
};

const PEM_CIPHERS: Record<string, CipherSpec> = {
  "AES-128-CBC": CBC_CIPHERS["2.16.840.1.101.3.4.1.2"]!,
  "AES-256-CBC": CBC_CIPHERS[OID.aes256Cbc]!,
  "DES-EDE3-CBC": CBC_CIPHERS["1.2.840.113549.3.7"]!,
  "DES-CBC": CBC_CIPHERS["1.3.14.3.2.7"]!,
};

function wrongPassword(): never {
  throw new IntotoError(
    "WRONG_PASSWORD",
    "wrong password, or the key is corrupt",
  );
}

function unsupported(detail: string): never {
  throw new IntotoError("UNSUPPORTED", detail);
}

function checkIterations(iterations: number): number {
  if (iterations < 1 || iterations > MAX_ITERATIONS) {
    throw new IntotoError(
      "INVALID_KEY",
      `key encryption uses ${iterations} iterations: at most ${MAX_ITERATIONS} are accepted`,
    );
  }
  return iterations;
}

function cbcDecrypt(
  spec: CipherSpec,
  key: Uint8Array,
  iv: Uint8Array,
  data: Uint8Array,
): Uint8Array {
  if (iv.length !== spec.ivLength) {
    throw new IntotoError("INVALID_KEY", "key encryption IV has a bad length");
  }
  const fullKey = spec.singleDes ? concatBytes(key, key, key) : key;
  try {
    const decipher = createDecipheriv(spec.name, fullKey, iv);
    return concatBytes(decipher.update(data), decipher.final());
  } catch {
    wrongPassword();
  }
}

/**
 * Decrypts a DER PKCS#8 EncryptedPrivateKeyInfo.
 *
 * @param der The encoding.
 * @param password The password.
 * @returns The plaintext (a DER PrivateKeyInfo, unchecked).
 * @throws {IntotoError} `WRONG_PASSWORD`, `INVALID_KEY` or `UNSUPPORTED`.
 */
export async function decryptPkcs8(
  der: Uint8Array,
  password: string,
): Promise<Uint8Array> {
  const info = readSequence(der);
  const algorithm = info.sequence();
  const data = info.octetString();
  info.end();
  const scheme = algorithm.oid();
  const secret = Buffer.from(password, "utf8");
  if (scheme === OID.pbeMd5Des || scheme === OID.pbeSha1Des) {
    const params = algorithm.sequence();
    algorithm.end();
    const salt = params.octetString();
    const iterations = checkIterations(params.smallInteger());
    params.end();
    const hash = scheme === OID.pbeMd5Des ? "md5" : "sha1";
    let derived: Uint8Array = concatBytes(secret, salt);
    for (let i = 0; i < iterations; i++) {
      derived = createHash(hash).update(derived).digest();
    }
    return cbcDecrypt(
      CBC_CIPHERS["1.3.14.3.2.7"]!,
      derived.subarray(0, 8),
      derived.subarray(8, 16),
      data,
    );
  }
  if (scheme !== OID.pbes2) {
    unsupported(`key encryption scheme "${scheme}" is not supported`);
  }
  const params = algorithm.sequence();
  algorithm.end();
  const kdf = params.sequence();
  const encryption = params.sequence();
  params.end();
  const kdfOid = kdf.oid();
  if (kdfOid !== OID.pbkdf2) {
    unsupported(`key derivation "${kdfOid}" is not supported`);
  }
  const kdfParams = kdf.sequence();
  kdf.end();
  const salt = kdfParams.octetString();
  const iterations = checkIterations(kdfParams.smallInteger());
  let keyLength: number | undefined;
  if (kdfParams.peekTag() === TAG.integer) keyLength = kdfParams.smallInteger();
  let prf = "sha1";
  if (!kdfParams.done) {
    const prfParams = kdfParams.sequence();
    const prfOid = prfParams.oid();
    if (!prfParams.done) prfParams.null();
    prfParams.end();
    prf = PRFS[prfOid] ?? unsupported(`key derivation PRF "${prfOid}"`);
  }
  kdfParams.end();
  const cipherOid = encryption.oid();
  const cipher = CBC_CIPHERS[cipherOid] ??
    unsupported(`key encryption cipher "${cipherOid}" is not supported`);
  const iv = encryption.octetString();
  encryption.end();
  if (keyLength !== undefined && keyLength !== cipher.keyLength) {
    throw new IntotoError("INVALID_KEY", "key length does not fit the cipher");
  }
  const key = await pbkdf2Async(
    secret,
    salt,
    iterations,
    cipher.keyLength,
    prf,
  );
  return cbcDecrypt(cipher, key, iv, data);
}

/**
 * Encrypts a DER PKCS#8 PrivateKeyInfo with PBES2: PBKDF2-HMAC-SHA256
 * ({@linkcode ENCRYPT_ITERATIONS} iterations, 16-byte salt) and AES-256-CBC.
 *
 * @param pkcs8 The plaintext key.
 * @param password The password.
 * @returns The DER EncryptedPrivateKeyInfo.
 */
export async function encryptPkcs8(
  pkcs8: Uint8Array,
  password: string,
): Promise<Uint8Array> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(16));
  const key = await pbkdf2Async(
    Buffer.from(password, "utf8"),
    salt,
    ENCRYPT_ITERATIONS,
    32,
    "sha256",
  );
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  const data = concatBytes(cipher.update(pkcs8), cipher.final());
  const algorithm = encodeSequence(
    encodeOid(OID.pbes2),
    encodeSequence(
      encodeSequence(
        encodeOid(OID.pbkdf2),
        encodeSequence(
          encodeDer(TAG.octetString, salt),
          encodeInteger(ENCRYPT_ITERATIONS),
          encodeSequence(encodeOid(OID.hmacSha256), encodeDer(TAG.null)),
        ),
      ),
      encodeSequence(encodeOid(OID.aes256Cbc), encodeDer(TAG.octetString, iv)),
    ),
  );
  return encodeSequence(algorithm, encodeDer(TAG.octetString, data));
}

/**
 * Decrypts the body of a PEM block with legacy OpenSSL encryption
 * (`DEK-Info: AES-256-CBC,<iv hex>`; key from `EVP_BytesToKey` with MD5).
 *
 * @param dekInfo The `DEK-Info` header value.
 * @param data The encrypted body.
 * @param password The password.
 * @returns The plaintext DER.
 * @throws {IntotoError} `WRONG_PASSWORD`, `INVALID_KEY` or `UNSUPPORTED`.
 */
export function decryptLegacyPem(
  dekInfo: string,
  data: Uint8Array,
  password: string,
): Uint8Array {
  const match = /^([A-Z0-9-]+),([0-9A-Fa-f]+)$/.exec(dekInfo);
  if (!match) {
    throw new IntotoError("INVALID_KEY", `malformed DEK-Info "${dekInfo}"`);
  }
  const spec = PEM_CIPHERS[match[1]!] ??
    unsupported(`PEM encryption "${match[1]}" is not supported`);
  const iv = Buffer.from(match[2]!, "hex");
  const secret = Buffer.from(password, "utf8");
  const salt = iv.subarray(0, 8);
  let key: Uint8Array = new Uint8Array(0);
  let block: Uint8Array = new Uint8Array(0);
  while (key.length < spec.keyLength) {
    block = createHash("md5").update(concatBytes(block, secret, salt))
      .digest();
    key = concatBytes(key, block);
  }
  return cbcDecrypt(spec, key.subarray(0, spec.keyLength), iv, data);
}

const SSLIB_ENCRYPTED =
  /^([0-9a-f]+)@@@@([0-9]{1,9})@@@@([0-9a-f]{64})@@@@([0-9a-f]{32})@@@@([0-9a-f]+)$/;

/**
 * Whether `text` is a securesystemslib encrypted key file.
 *
 * @param text The file content.
 * @returns True when it has the five `@@@@`-separated fields.
 */
export function isSslibEncrypted(text: string): boolean {
  return SSLIB_ENCRYPTED.test(text.trim());
}

/**
 * Decrypts a securesystemslib encrypted key file.
 *
 * @param text The file content.
 * @param password The password.
 * @returns The plaintext: the key's JSON.
 * @throws {IntotoError} `WRONG_PASSWORD` when the HMAC does not match.
 */
export async function decryptSslibKey(
  text: string,
  password: string,
): Promise<Uint8Array> {
  const match = SSLIB_ENCRYPTED.exec(text.trim());
  if (!match) {
    throw new IntotoError("INVALID_KEY", "malformed encrypted key file");
  }
  const [, salt, iterations, mac, iv, ciphertext] = match;
  const data = Buffer.from(ciphertext!, "hex");
  const key = await pbkdf2Async(
    Buffer.from(password, "utf8"),
    Buffer.from(salt!, "hex"),
    checkIterations(Number(iterations)),
    32,
    "sha256",
  );
  const expected = createHmac("sha256", key).update(data).digest();
  if (!timingSafeEqual(expected, Buffer.from(mac!, "hex"))) wrongPassword();
  const decipher = createDecipheriv(
    "aes-256-ctr",
    key,
    Buffer.from(iv!, "hex"),
  );
  return concatBytes(decipher.update(data), decipher.final());
}
