import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The SHA-256 in use: the pure one below, or a native one a host registered ({@link useSha256}). */
let hash: (text: string) => string = (text) => bytesToHex(sha256(utf8ToBytes(text)));
/** The text last hashed and its hash. */
let last: { text: string; hash: string } | undefined;

/**
 * SHA-256 of the UTF-8 encoding of `text` (no BOM; a lone surrogate as U+FFFD, as TextEncoder
 * encodes it), as 64 lowercase hex digits: the hash a sidecar records for the text its offsets
 * refer to. Python: `hashlib.sha256(text.encode('utf-8')).hexdigest()`. Source: FIPS 180-4.
 */
export function textSha256(text: string): string {
  // a session hashes its text at each load and write: the last one is kept (a 1 MB text: ~20 ms)
  if (last?.text !== text) last = { text, hash: hash(text) };
  return last.hash;
}

/**
 * Makes {@link textSha256} use `native` (same input, same 64 hex digits), e.g. Node's crypto,
 * about 20 times faster than the pure one on a 1 MB article; hosts without one keep the pure one.
 */
export function useSha256(native: (text: string) => string): void {
  hash = native;
  last = undefined;
}
