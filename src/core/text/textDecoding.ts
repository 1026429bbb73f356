/**
 * Decoding files the way the offsets are defined: UTF-8, a leading BOM not counted, line
 * endings kept. Source: WHATWG Encoding Standard (TextDecoder, fatal mode).
 */
import * as l10n from '@vscode/l10n';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Result of decoding: the text, or why it cannot be used. */
export type Decoded = { ok: true; text: string; bom: boolean } | { ok: false; message: string };

/**
 * Decodes bytes as UTF-8 the way VS Code shows them: a leading BOM is dropped (offsets do not
 * count it), line endings are kept. Returns a message instead when the bytes are not valid UTF-8,
 * naming the byte offset of the first bad sequence.
 */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
    return { ok: true, text: decoder.decode(bytes), bom };
  } catch {
    return { ok: false, message: l10n.t('not valid UTF-8 (first bad byte at offset {0})', firstBadUtf8Byte(bytes)) };
  }
}

/** Like {@link decodeUtf8}, and also refuses binary files (a NUL byte never occurs in an article). */
export function decodeArticle(bytes: Uint8Array): Decoded {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return { ok: false, message: l10n.t('a binary file, not text (NUL byte at offset {0})', nul) };
  return decodeUtf8(bytes);
}

function firstBadUtf8Byte(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > bytes.length) return i;
    try {
      decoder.decode(bytes.subarray(i, i + n));
    } catch {
      return i;
    }
    i += n;
  }
  return bytes.length;
}
