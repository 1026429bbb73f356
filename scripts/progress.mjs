// A long step that prints nothing of its own (npm ci on a fresh machine: a minute or two) says
// that it is still working, every 15 s, so that a first `npm start` or `npm test` does not look
// stuck (a first-use finding of issue 9).
import { spawn } from 'node:child_process';

/**
 * Runs `cmd args` with its output shown, printing `[label] still working… N s` every
 * `everyMs` while it runs; resolves to its exit code.
 */
export function runWithProgress(label, cmd, args, { cwd, everyMs = 15000, write = (s) => process.stdout.write(s) } = {}) {
  const started = Date.now();
  write(`[${label}] ${cmd} ${args.join(' ')}: this takes a minute or two on a fresh machine\n`);
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: 'inherit' });
    const timer = setInterval(() => write(`[${label}] still working… ${Math.round((Date.now() - started) / 1000)} s\n`), everyMs);
    const done = (code) => {
      clearInterval(timer);
      write(`[${label}] done in ${Math.round((Date.now() - started) / 1000)} s\n`);
      resolve(code ?? 1);
    };
    child.on('error', () => done(1));
    child.on('close', done);
  });
}
