// Timing for the benchmarks (npm run bench): medians, never a timed assertion.

/**
 * The median time in milliseconds of `runs` calls of `f`, after one call to warm up (JIT, caches).
 * Also returns the last call's result.
 */
export function medianMs<T>(runs: number, f: () => T): { ms: number; result: T } {
  let result = f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    result = f();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)], result };
}

/** {@link medianMs} of an asynchronous `f`, without the warm-up call (each call is slow). */
export async function medianMsAsync(runs: number, f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    await f();
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}
