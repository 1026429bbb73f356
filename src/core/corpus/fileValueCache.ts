/**
 * Values computed from files (a sidecar's summary for the Articles view, its annotations for the
 * Entities tree), kept by path until the file changes: a view that lists a thousand sidecars
 * reads them once, then only those its file watcher reports changed ({@link forget}). A read that
 * was under way when its file changed is returned to its caller but not kept, so a change is
 * never hidden by an older read. With `stamp`, each value is also kept with the file's stamp
 * (modification time and size) and read again when the stamp differs. Readers that ask for the
 * same path while its read is under way (two views listing at once) share that read, unless the
 * path was forgotten (or the stamp changed) since it began.
 */
export class FileValueCache<T> {
  private readonly values = new Map<string, { value: T; stamp?: string }>();
  /** How often each path was forgotten: a read keeps its value only if this did not change meanwhile. */
  private readonly versions = new Map<string, number>();
  private epoch = 0;
  private readsValue = 0;
  private readonly readsByPath = new Map<string, number>();
  /** Reads under way, by path, with the version, epoch and stamp they began under. */
  private readonly pending = new Map<string, { value: Promise<T>; version: number; epoch: number; stamp?: string }>();

  /** How many values were read (not found kept) since the cache was made: tests and benchmarks count them. */
  get reads(): number {
    return this.readsValue;
  }

  /** How many times the value of `path` was read (tests check that only what changed is read again). */
  readsOf(path: string): number {
    return this.readsByPath.get(path) ?? 0;
  }

  /** How many values are kept. */
  get size(): number {
    return this.values.size;
  }

  /** The value kept for `path` (whatever its stamp), if any. */
  peek(path: string): T | undefined {
    return this.values.get(path)?.value;
  }

  /** Whether a value is kept for `path`. */
  has(path: string): boolean {
    return this.values.has(path);
  }

  /**
   * The value kept for `path` (and, when given, the same `stamp`), else `read()`'s, kept unless
   * `path` was forgotten (or the cache cleared) while it was read; a read of `path` already under
   * way (begun since it was last forgotten, with the same `stamp`) is shared. Rejects when `read` does.
   */
  async get(path: string, read: () => Promise<T>, stamp?: string): Promise<T> {
    const kept = this.values.get(path);
    if (kept && kept.stamp === stamp) return kept.value;
    const version = this.versions.get(path) ?? 0;
    const epoch = this.epoch;
    const under = this.pending.get(path);
    if (under && under.version === version && under.epoch === epoch && under.stamp === stamp) return under.value;
    this.readsValue++;
    this.readsByPath.set(path, (this.readsByPath.get(path) ?? 0) + 1);
    const value = read();
    const entry = { value, version, epoch, ...(stamp === undefined ? {} : { stamp }) };
    this.pending.set(path, entry);
    try {
      const done = await value;
      if ((this.versions.get(path) ?? 0) === version && this.epoch === epoch) {
        this.values.set(path, stamp === undefined ? { value: done } : { value: done, stamp });
      }
      return done;
    } finally {
      if (this.pending.get(path) === entry) this.pending.delete(path);
    }
  }

  /** Forgets the value of `path` (its file changed, appeared or went away). */
  forget(path: string): void {
    this.values.delete(path);
    this.versions.set(path, (this.versions.get(path) ?? 0) + 1);
  }

  /** Keeps only the values of `paths` (the files that are still there). */
  retain(paths: ReadonlySet<string>): void {
    for (const path of this.values.keys()) if (!paths.has(path)) this.values.delete(path);
  }

  /** Forgets every value (a refresh asked for by the user: everything is read again). */
  clear(): void {
    this.values.clear();
    this.versions.clear();
    this.epoch++;
  }
}
