import { createHash } from 'node:crypto';
import { useSha256 } from '../core/text/textHash';

/** Makes the core's `textSha256` use Node's crypto (UTF-8, a lone surrogate as U+FFFD, as TextEncoder). */
export function useNodeSha256(): void {
  useSha256((text) => createHash('sha256').update(text, 'utf8').digest('hex'));
}
