// Copyright 2026 the intoto authors. Apache-2.0 license.
/**
 * The ITE-7 signing options of run, record and sign: `--cert FILE` binds the
 * one signing key to its X.509 certificate, `--cert-chain FILE...` adds the
 * intermediate CA certificates to send along.
 *
 * @module
 */

import { IntotoError, isIntotoError } from "../errors.ts";
import { readFileBytes } from "../io.ts";
import type { Signer } from "../crypto/key.ts";
import {
  type Certificate,
  parseCertificatesPem,
} from "../crypto/x509/certificate.ts";
import { bindCertificate } from "../crypto/x509/signer.ts";
import { listOption, optionFlag, stringOption, usageError } from "./args.ts";
import type { CommandSpec, ParsedArgs } from "./command.ts";
import type { OptionTable } from "./option_table.ts";

/** `--cert CERT.pem` and `--cert-chain PEM...`. */
export const CERT_OPTIONS = {
  cert: {
    type: "string",
    value: "CERT.pem",
    description:
      'Sign as the X.509 certificate of the key (ITE-7): the signature carries it in "cert", and the link is named after the certificate\'s keyid',
  },
  "cert-chain": {
    type: "string",
    multiple: true,
    value: "PEM",
    description: "Intermediate CA certificates to carry after it",
  },
} as const satisfies OptionTable;

/** Certificate files are small; a chain of ten is a few KiB. */
const MAX_CERTIFICATE_FILE_BYTES = 1024 * 1024;

/**
 * Reads a PEM file of certificates.
 *
 * @param path The file.
 * @returns Its certificates, in order.
 * @throws {IntotoError} `FILE_NOT_FOUND`, `IO_ERROR`, or `INVALID_KEY`
 * naming the file.
 */
export async function readCertificates(path: string): Promise<Certificate[]> {
  const bytes = await readFileBytes(path, {
    maxBytes: MAX_CERTIFICATE_FILE_BYTES,
  });
  try {
    return parseCertificatesPem(new TextDecoder().decode(bytes));
  } catch (error) {
    if (!isIntotoError(error, "INVALID_KEY")) throw error;
    throw new IntotoError(
      "INVALID_KEY",
      `Cannot load certificate "${path}": ${error.message}`,
      { cause: error },
    );
  }
}

/**
 * The certificates of a file that holds PEM certificates, or undefined for
 * any other file (such as a public key), so that commands taking key files
 * also take certificates.
 *
 * @param path The file.
 * @returns Its certificates, or undefined.
 * @throws {IntotoError} As {@linkcode readCertificates}, for a file that
 * has a certificate block but does not parse.
 */
export async function certificatesIn(
  path: string,
): Promise<Certificate[] | undefined> {
  const text = new TextDecoder().decode(
    await readFileBytes(path, { maxBytes: MAX_CERTIFICATE_FILE_BYTES }),
  );
  if (!text.includes("-----BEGIN CERTIFICATE-----")) return undefined;
  return await readCertificates(path);
}

/**
 * Binds the signers to the certificate of `--cert`, if given.
 *
 * @param signers The loaded signers.
 * @param args Parsed arguments.
 * @param command The subcommand (its options include {@linkcode CERT_OPTIONS}).
 * @returns The signers, bound when `--cert` is given.
 * @throws {IntotoError} `USAGE` for `--cert-chain` alone or `--cert` with
 * several keys or GPG; `INVALID_KEY` for a bad certificate or one for
 * another key.
 */
export async function withCertificate(
  signers: Signer[],
  args: ParsedArgs,
  command: CommandSpec,
): Promise<Signer[]> {
  const path = stringOption(args, "cert");
  const chain = listOption(args, "cert-chain");
  const flag = (name: string) => optionFlag(command, name);
  if (path === undefined) {
    if (chain.length > 0) {
      throw usageError(
        command,
        `option "${flag("cert-chain")}" needs "${flag("cert")}"`,
      );
    }
    return signers;
  }
  if (signers.length !== 1 || signers[0]!.signGpg !== undefined) {
    throw usageError(
      command,
      `option "${flag("cert")}" takes exactly one key file to sign with`,
    );
  }
  const [leaf, ...carried] = await readCertificates(path);
  const intermediates = [...carried];
  for (const file of chain) intermediates.push(...await readCertificates(file));
  try {
    return [bindCertificate(signers[0]!, leaf!, intermediates)];
  } catch (error) {
    if (!isIntotoError(error, "INVALID_KEY")) throw error;
    throw new IntotoError(
      "INVALID_KEY",
      `Cannot sign with certificate "${path}": ${error.message}`,
      { cause: error },
    );
  }
}
