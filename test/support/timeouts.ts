/**
 * Mocha timeout (ms) for a heavy test from its measured time: `measuredMs` is the test's time
 * alone on an idle 2-core machine; the result leaves a wide margin (×20, at least 30 s) so that
 * the suite also passes on a busy machine (two CPU-bound processes beside it) and under CI.
 * Speed itself is measured in `npm run bench`, never by a test's timeout.
 */
export function heavyTimeout(measuredMs: number): number {
  return Math.max(30_000, Math.ceil(measuredMs * 20));
}
