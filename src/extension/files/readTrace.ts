// Counts sidecar reads and times the steps of opening an article, for the benchmarks
// (bench/workspaceView.bench.ts, bench/view.bench.ts): with HASHIYA_TRACE_READS set in the
// extension host's environment, each read of a sidecar by a view is logged to the console
// ("hashiya:read <reader> <uri>"), which the workbench forwards to the page's console, and so are
// the timing marks below. Without it they cost one test of a constant.

// read through globalThis: the web worker host has no `process`
const tracing = !!(globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env
  ?.HASHIYA_TRACE_READS;

/** Logs that `reader` (the Articles view, the Entities tree) read the sidecar `uri`, when tracing. */
export function traceRead(reader: string, uri: { toString(): string }): void {
  if (tracing) console.log(`hashiya:read ${reader} ${uri.toString()}`);
}

/** Logs how long `what` took since `start` (Date.now()), when tracing: "hashiya:time <what> <ms>". */
export function traceTime(what: string, start: number): void {
  if (tracing) console.log(`hashiya:time ${what} ${Date.now() - start}`);
}

/**
 * Logs that `what` happened now, when tracing: "hashiya:mark <what> <Date.now()>" (milliseconds
 * since 1970, so that a benchmark lines it up with the page's and the view's clocks on the same machine).
 */
export function traceMark(what: string): void {
  if (tracing) console.log(`hashiya:mark ${what} ${Date.now()}`);
}
