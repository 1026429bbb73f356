/**
 * Runs asynchronous tasks one at a time, in the order they were queued: a session's loads,
 * actions and writes never interleave (each reads the sidecar, then writes it). A task that
 * fails does not stop the ones queued after it.
 */
export class TaskQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `task` once every task queued before it has settled; resolves or rejects as `task` does. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
