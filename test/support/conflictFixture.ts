// An article and its sidecar as a merge left them: recorded conflicts on the publication date, a
// field conflict (label and note), a removal by theirs and a position conflict (docs/sidecar-format.md,
// "Recorded conflicts"). Shared by the integration and UI tests of the conflict views.
import { textSha256 } from '../../src/core/text/textHash';

/** The article `conflict.txt`. */
export const CONFLICT_TEXT = 'قال لافروف إن المحادثات ستستأنف يوم الجمعة في جنيف.\n';
// لافروف 4..10, المحادثات ستستأنف 14..31, الجمعة 36..42, جنيف 46..50 (code points)

/** The sidecar `conflict.txt.annotations.yaml`: four recorded conflicts, with "origin/feature-x". */
export function conflictSidecar(): string {
  return `version: 1
text:
  file: "conflict.txt"
  unit: "codepoint"
  length: ${[...CONFLICT_TEXT].length}
  sha256: "${textSha256(CONFLICT_TEXT)}"
published:
  date: "2015-12-16"
  conflict:
    with: "origin/feature-x"
    theirs:
      date: "2015-12-17"
annotations:
  - id: "act1"
    label: "actor"
    start: 4
    end: 10
    quote: "لافروف"
    note: "ours"
    conflict:
      with: "origin/feature-x"
      theirs:
        label: "claim"
        note: null
  - id: "clm1"
    label: "claim"
    start: 14
    end: 31
    quote: "المحادثات ستستأنف"
    conflict:
      with: "origin/feature-x"
      removed: "theirs"
  - id: "dat1"
    label: "date"
    start: 36
    end: 42
    quote: "الجمعة"
    conflict:
      with: "origin/feature-x"
      theirs:
        start: 46
        end: 50
        quote: "جنيف"
`;
}
