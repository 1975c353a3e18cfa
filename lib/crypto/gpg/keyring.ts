// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Finding GPG public keys without gpg: in a keyring folder (`pubring.kbx`,
 * the keybox of GnuPG ≥ 2.1, or the older `pubring.gpg` packet stream), or
 * in a key exported with `gpg --export [--armor]`. A keyid is matched as the
 * reference matches it: a hex suffix of the primary's or a subkey's
 * fingerprint, in any case; a subkey's id gives its whole primary key.
 *
 * @module
 */

import { join } from "node:path";
import { IntotoError, isIntotoError } from "../../errors.ts";
import { readFileBytes } from "../../io.ts";
import { readCertificate, splitCertificates } from "./certificate.ts";
import type { GpgKey } from "./key.ts";
import { dearmor, type Packet, readU32 } from "./packet.ts";

/**
 * The OpenPGP keyblocks of a keybox file (`pubring.kbx`): each blob of
 * type 2 holds one certificate at an offset inside the blob.
 *
 * @param bytes The keybox.
 * @returns Each certificate's packets.
 * @throws {IntotoError} `INVALID_KEY` when malformed.
 */
export function readKeybox(bytes: Uint8Array): Packet[][] {
  const result: Packet[][] = [];
  let at = 0;
  while (at < bytes.length) {
    const length = readU32(bytes, at);
    if (length < 5 || at + length > bytes.length) {
      throw new IntotoError("INVALID_KEY", "malformed keybox: bad blob length");
    }
    if (bytes[at + 4] === 2) {
      const offset = readU32(bytes, at + 8);
      const size = readU32(bytes, at + 12);
      if (offset + size > length) {
        throw new IntotoError("INVALID_KEY", "malformed keybox: bad keyblock");
      }
      const block = bytes.subarray(at + offset, at + offset + size);
      result.push(...splitCertificates(block));
    }
    at += length;
  }
  return result;
}

/**
 * Checks a keyid given to look a key up.
 *
 * @param keyid A hex fingerprint or a suffix of one.
 * @returns The keyid in lowercase.
 * @throws {IntotoError} `USAGE` when it is not hex.
 */
export function checkGpgKeyid(keyid: string): string {
  if (!/^[0-9a-fA-F]{8,40}$/.test(keyid)) {
    throw new IntotoError(
      "USAGE",
      `"${keyid}" is not a GPG keyid: give 8 to 40 hex characters of the key's fingerprint`,
    );
  }
  return keyid.toLowerCase();
}

/**
 * Finds the certificate whose primary or subkey fingerprint ends with
 * `keyid` among certificates.
 *
 * @param certificates Each certificate's packets.
 * @param keyid A hex suffix (see {@linkcode checkGpgKeyid}).
 * @returns The key, or undefined.
 * @throws {IntotoError} `UNSUPPORTED` when the matching key's algorithm is
 * not supported.
 */
export async function findGpgKey(
  certificates: readonly Packet[][],
  keyid: string,
): Promise<GpgKey | undefined> {
  const suffix = checkGpgKeyid(keyid);
  for (const packets of certificates) {
    let key: GpgKey;
    try {
      key = await readCertificate(packets);
    } catch (error) {
      if (!isIntotoError(error, "UNSUPPORTED")) throw error;
      continue;
    }
    if (
      key.keyid.endsWith(suffix) ||
      Object.keys(key.subkeys).some((id) => id.endsWith(suffix))
    ) return key;
  }
  return undefined;
}

/**
 * The certificates of a keyring folder: `pubring.kbx`, else `pubring.gpg`.
 *
 * @param home The GnuPG home folder.
 * @returns Each certificate's packets.
 * @throws {IntotoError} `FILE_NOT_FOUND` when neither file exists, or as
 * {@linkcode readKeybox}.
 */
export async function readKeyring(home: string): Promise<Packet[][]> {
  try {
    return readKeybox(await readFileBytes(join(home, "pubring.kbx")));
  } catch (error) {
    if (!isIntotoError(error, "FILE_NOT_FOUND")) throw error;
  }
  try {
    return splitCertificates(await readFileBytes(join(home, "pubring.gpg")));
  } catch (error) {
    if (!isIntotoError(error, "FILE_NOT_FOUND")) throw error;
    throw new IntotoError(
      "FILE_NOT_FOUND",
      `No GPG keyring in "${home}": expected pubring.kbx or pubring.gpg there`,
      { cause: error },
    );
  }
}

/**
 * Loads a key from a keyring folder; a revoked key or subkey keeps its
 * revocation (`revoked`), which fails its signatures.
 *
 * @param home The GnuPG home folder.
 * @param keyid A hex suffix of the primary's or a subkey's fingerprint.
 * @returns The whole primary key.
 * @throws {IntotoError} `FILE_NOT_FOUND` when the keyring or the key is
 * missing.
 */
export async function loadGpgKeyFromHome(
  home: string,
  keyid: string,
): Promise<GpgKey> {
  const key = await findGpgKey(await readKeyring(home), keyid);
  if (key === undefined) {
    throw new IntotoError(
      "FILE_NOT_FOUND",
      `No GPG key "${keyid}" in the keyring "${home}": list its keys with "gpg --homedir ${home} --list-keys"`,
    );
  }
  return key;
}

/**
 * Reads the first certificate of an exported key (`gpg --export`, armoured
 * or binary).
 *
 * @param bytes The exported key.
 * @returns The key.
 * @throws {IntotoError} `INVALID_KEY` or `UNSUPPORTED`.
 */
export async function parseExportedGpgKey(bytes: Uint8Array): Promise<GpgKey> {
  const [first] = splitCertificates(dearmor(bytes));
  if (first === undefined) {
    throw new IntotoError("INVALID_KEY", "no public key packet found");
  }
  return await readCertificate(first);
}

/**
 * Whether bytes look like an OpenPGP public key (armoured, or a binary
 * public key packet in either header format).
 *
 * @param bytes A file's content.
 * @returns True when it should be read as a GPG key.
 */
export function looksLikeGpgKey(bytes: Uint8Array): boolean {
  const first = bytes[0];
  if (first === 0x98 || first === 0x99 || first === 0xc6) return true;
  const head = new TextDecoder().decode(bytes.subarray(0, 80)).trimStart();
  return head.startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----");
}
