/**
 * The one binary search of the code base (sorted offsets, lines, spans, changes). Sources: the
 * "partition point" of C++'s `std::partition_point` and Rust's `slice::partition_point`.
 */

/**
 * The first index in 0..count for which `before(index)` is false, where `before` holds for a
 * prefix of the indexes and fails for the rest (count when it holds for all, 0 when count ≤ 0).
 * O(log count) calls of `before`.
 */
export function partitionPoint(count: number, before: (index: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of ascending `values` that is ≥ `target` (values.length when none). */
export function lowerBound(values: ArrayLike<number>, target: number): number {
  return partitionPoint(values.length, (i) => values[i] < target);
}
