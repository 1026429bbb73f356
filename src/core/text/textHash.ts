import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * SHA-256 of the UTF-8 encoding of `text` (no BOM), as 64 lowercase hex digits: the hash a
 * sidecar records for the text its offsets refer to. Python: `hashlib.sha256(text.encode('utf-8')).hexdigest()`.
 * Source: FIPS 180-4.
 */
export function textSha256(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}
