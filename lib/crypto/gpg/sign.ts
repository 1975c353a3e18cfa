// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * Signing with the user's gpg, as the reference does it
 * (`gpg --detach-sign --digest-algo SHA256 [--local-user KEYID]
 * [--homedir DIR]`, the content on stdin), so that gpg-agent, pinentry and
 * smartcards work. The arguments go as an argv array (a home with spaces
 * works), `--no-armor` keeps an `armor` line in gpg.conf from breaking it,
 * and every signature gpg returns is parsed and verified in-process before
 * it is used.
 *
 * @module
 */

import { IntotoError } from "../../errors.ts";
import type { Signer } from "../key.ts";
import { GPG_ALGORITHMS, type GpgKey, gpgTypeOf } from "./key.ts";
import { findGpgKey, readKeyring } from "./keyring.ts";
import { PACKET, readPackets } from "./packet.ts";
import { gpgPublicKey } from "./public_key.ts";
import {
  hashedTime,
  parseSignaturePacket,
  SUBPACKET,
} from "./signature_packet.ts";
import { type GpgSignature, verifyGpgSignature } from "./verify.ts";
import { encodeInteger, encodeSequence } from "../der.ts";

/** Options for {@linkcode gpgSigner}. */
export interface GpgSignerOptions {
  /** The key to sign with (hex); gpg's default key when absent. */
  keyid?: string;
  /** The GnuPG home folder; gpg's default when absent. */
  home?: string;
  /** Where the keyring is read when `home` is absent (`~/.gnupg`). */
  defaultHome: string;
}

const PROBE = new TextEncoder().encode("intoto: which key signs?\n");

async function runGpg(
  args: string[],
  input: Uint8Array,
): Promise<Uint8Array> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command("gpg", {
      args,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new IntotoError(
        "USAGE",
        "gpg is needed to sign with a GPG key, and it was not found in PATH: install GnuPG, or sign with a key file",
        { cause: error },
      );
    }
    throw error;
  }
  const writer = child.stdin.getWriter();
  await writer.write(input).catch(() => {});
  await writer.close().catch(() => {});
  const output = await child.output();
  if (!output.success) {
    const message = new TextDecoder().decode(output.stderr).trim()
      .split("\n").pop() ?? "";
    throw new IntotoError(
      "INVALID_KEY",
      `gpg could not sign (exit ${output.code}): ${message}`,
    );
  }
  return output.stdout;
}

/**
 * Turns gpg's detached signature into the reference's signature dict.
 *
 * @param bytes What `gpg --detach-sign` wrote (binary).
 * @returns The signature: issuer fingerprint, hashed part, values.
 * @throws {IntotoError} `INVALID_KEY` for a signature the reference would
 * refuse (not v4, not over a binary document, not SHA-256, an unsupported
 * algorithm, no issuer fingerprint or creation time).
 */
export function gpgSignatureOf(bytes: Uint8Array): GpgSignature {
  const [packet] = readPackets(bytes);
  const refuse = (detail: string): never => {
    throw new IntotoError(
      "INVALID_KEY",
      `gpg made a signature that cannot be used: ${detail}`,
    );
  };
  if (packet?.tag !== PACKET.signature) return refuse("no signature packet");
  const signature = parseSignaturePacket(packet.body);
  if (signature === undefined) return refuse("not a version 4 signature");
  if (signature.type !== 0) refuse("not a signature of a binary document");
  if (signature.hash !== 8) {
    refuse(`hash algorithm ${signature.hash}, not SHA-256`);
  }
  if (gpgTypeOf(signature.algorithm) === undefined) {
    refuse(`unsupported key algorithm ${signature.algorithm}`);
  }
  if (hashedTime(signature, SUBPACKET.creationTime) === undefined) {
    refuse("it has no creation time");
  }
  const issuer = signature.hashedSubpackets.findLast((sub) =>
    sub.type === SUBPACKET.issuerFingerprint
  );
  if (
    issuer === undefined || issuer.data[0] !== 4 || issuer.data.length !== 21
  ) {
    return refuse(
      "it names no v4 issuer fingerprint (gpg 2.1 or later needed)",
    );
  }
  const values = signature.values;
  let value: Uint8Array;
  if (signature.algorithm === GPG_ALGORITHMS.rsa.id) value = values[0]!;
  else if (signature.algorithm === GPG_ALGORITHMS.dsa.id) {
    value = encodeSequence(
      encodeInteger(values[0]!),
      encodeInteger(values[1]!),
    );
  } else {
    value = new Uint8Array(64);
    if (values.some((item) => item.length > 32)) refuse("bad EdDSA values");
    value.set(values[0]!, 32 - values[0]!.length);
    value.set(values[1]!, 64 - values[1]!.length);
  }
  return {
    keyid: issuer.data.subarray(1).toHex(),
    otherHeaders: signature.hashed.slice(),
    signature: value,
  };
}

/**
 * A signer that signs with gpg. It signs a probe first, to learn which key
 * gpg uses (the default key, or the newest signing subkey of KEYID), and
 * reads that key's primary from the keyring: signatures carry the keyid of
 * the key that signed, and the signer's public key (and so the link's file
 * name) is the primary's.
 *
 * @param options The key and the home folder.
 * @returns The signer.
 * @throws {IntotoError} `USAGE` without gpg, `INVALID_KEY` when gpg fails
 * or signs in a form that cannot be used, `FILE_NOT_FOUND` when the
 * signing key is not in the keyring.
 */
export async function gpgSigner(options: GpgSignerOptions): Promise<Signer> {
  const args = ["--detach-sign", "--no-armor", "--digest-algo", "SHA256"];
  if (options.keyid !== undefined) args.push("--local-user", options.keyid);
  if (options.home !== undefined) args.push("--homedir", options.home);
  const sign = async (data: Uint8Array) =>
    gpgSignatureOf(await runGpg(args, data));
  const probe = await sign(PROBE);
  const home = options.home ?? options.defaultHome;
  const key = await findGpgKey(await readKeyring(home), probe.keyid);
  if (key === undefined) {
    throw new IntotoError(
      "FILE_NOT_FOUND",
      `gpg signed with key "${probe.keyid}", which is not in the keyring "${home}"`,
    );
  }
  await check(key, probe, PROBE);
  const signGpg = async (data: Uint8Array) =>
    await check(key, await sign(data), data);
  return {
    publicKey: gpgPublicKey(key),
    sign: async (data) => (await signGpg(data)).signature,
    signGpg,
  };
}

/** Verifies what gpg signed in-process: a signature intoto would refuse
 * (a subkey without a valid binding, a revoked or expired key) fails now. */
async function check(
  key: GpgKey,
  signature: GpgSignature,
  data: Uint8Array,
): Promise<GpgSignature> {
  if (!await verifyGpgSignature(key, signature, data)) {
    throw new IntotoError(
      "INVALID_KEY",
      `gpg's signature by "${signature.keyid}" does not verify with key "${key.keyid}": its subkey has no valid binding signature`,
    );
  }
  return signature;
}
