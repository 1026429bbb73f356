// Other writers of a sidecar, as separate processes, for the race and kill tests
// (concurrentWrites.test.ts, crashSafety.test.ts). Not a test itself: run as
//   node out/test/unit/node/writers.child.js <mode> <sidecar> [<article>]
// Commands arrive as JSON lines on stdin; each is acknowledged ({received}) at once, then
// answered when done; answers are JSON lines on stdout.
//   replace: {content, delayMs, how: 'rename'|'inplace', after: 'start'|'temp'} → replaces the
//            sidecar after delayMs (counted from the command, or from the moment a Hashiya
//            temporary file of the sidecar appears), as git or an editor would: blindly.
//   session: {delayMs, start, end, label} → after delayMs, adds an annotation with a Hashiya
//            session of its own (another window), loaded once at start.
//   loop:    no commands: a Hashiya session writing the sidecar in a loop (a note toggled, an
//            annotation added and removed), until it is killed.
import { readdirSync, renameSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { SidecarSession } from '../../../src/core/session/sidecarSession';
import { NodeSidecarStorage } from '../../../src/node/nodeFiles';

const [mode, file, article] = process.argv.slice(2);
const say = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
const now = () => Number(process.hrtime.bigint() / 1000n) / 1000;

function hashiyaTempExists(): boolean {
  const prefix = `.${path.basename(file)}.hashiya.`;
  return readdirSync(path.dirname(file)).some((n) => n.startsWith(prefix) && n.endsWith('.tmp'));
}

function spin(ms: number): void {
  const until = now() + ms;
  while (now() < until) { /* a precise wait */ }
}

async function waitForTemp(timeoutMs: number): Promise<boolean> {
  const until = now() + timeoutMs;
  for (;;) {
    if (hashiyaTempExists()) return true;
    if (now() > until) return false;
    await new Promise((r) => setImmediate(r));
  }
}

async function replace(command: { content: string; delayMs: number; how: 'rename' | 'inplace'; after: 'start' | 'temp' }): Promise<void> {
  let sawTemp: boolean | undefined;
  if (command.after === 'temp') {
    sawTemp = await waitForTemp(20_000);
    spin(command.delayMs);
  } else {
    await new Promise((r) => setTimeout(r, command.delayMs));
  }
  if (command.how === 'rename') {
    const temp = path.join(path.dirname(file), `.other-writer.${process.pid}.tmp`);
    writeFileSync(temp, command.content);
    renameSync(temp, file);
  } else {
    writeFileSync(file, command.content);
  }
  say({ done: true, at: now(), sawTemp });
}

async function main(): Promise<void> {
  if (mode === 'loop') {
    const text = new TextDecoder().decode(readFileSync(article));
    const session = new SidecarSession(new NodeSidecarStorage(file), path.basename(article), text);
    await session.load();
    const first = session.set.annotations[0];
    say({ ready: true });
    for (let i = 0; ; i++) {
      if (i % 3 === 2) {
        const added = await session.add('actor', first.start, first.end, { now: new Date().toISOString() });
        await session.remove(added.id);
      } else {
        await session.update(first.id, { note: `loop ${i}` }, { now: new Date().toISOString() });
      }
    }
  }
  let session: SidecarSession | undefined;
  if (mode === 'session') {
    const text = new TextDecoder().decode(readFileSync(article));
    session = new SidecarSession(new NodeSidecarStorage(file), path.basename(article), text);
    await session.load();
  }
  say({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    const command = JSON.parse(line);
    // the caller starts its own write once the command is here (a pipe write waits for the caller's event loop)
    say({ received: true, at: now() });
    if (mode === 'replace') {
      await replace(command);
    } else if (session) {
      await new Promise((r) => setTimeout(r, command.delayMs));
      let concurrent = false;
      const off = session.onChange((c) => { concurrent ||= !!c.concurrent; });
      try {
        const added = await session.add(command.label, command.start, command.end, { now: new Date().toISOString() });
        say({ done: true, at: now(), id: added.id, concurrent });
      } catch (err) {
        say({ done: true, at: now(), error: String(err) });
      } finally {
        off();
      }
    }
  }
}

main().catch((err) => {
  say({ error: String(err?.stack ?? err) });
  process.exit(1);
});
