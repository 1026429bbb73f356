import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The text last hashed and its hash. */
let last = { text: '', hash: bytesToHex(sha256(new Uint8Array(0))) };

/**
 * SHA-256 of the UTF-8 encoding of `text` (no BOM), as 64 lowercase hex digits: the hash a
 * sidecar records for the text its offsets refer to. Python: `hashlib.sha256(text.encode('utf-8')).hexdigest()`.
 * Source: FIPS 180-4.
 */
export function textSha256(text: string): string {
  // a session hashes its text at each load and write: the last one is kept (a 1 MB text: ~20 ms)
  if (text !== last.text) last = { text, hash: bytesToHex(sha256(utf8ToBytes(text))) };
  return last.hash;
}
