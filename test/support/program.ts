// Runs the `hashiya` command as a program (node bin/hashiya.js, what npx hashiya runs), for the
// tests that need real processes: races with other writers, closed pipes, other users.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './fixtures';

/** What a run of the program printed (lines, without their line breaks) and its exit code. */
export interface ProgramResult {
  code: number;
  out: string[];
  err: string[];
}

const lines = (s: string) => s.split('\n').filter((l) => l !== '');

/** The command line that runs bin/hashiya.js with `args`, as `user` when given (through runuser; tests run as root). */
function commandLine(args: readonly string[], user?: string): [string, string[]] {
  const bin = path.join(repoRoot(), 'bin', 'hashiya.js');
  return user ? ['runuser', ['-u', user, '--', process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];
}

/** Runs the program in `cwd` and waits for it (at most `timeout` ms). */
export function runProgram(
  cwd: string,
  args: readonly string[],
  options: { user?: string; timeout?: number } = {},
): ProgramResult {
  const [command, argv] = commandLine(args, options.user);
  const r = spawnSync(command, argv, { cwd, encoding: 'utf8', timeout: options.timeout ?? 60_000 });
  return { code: r.status ?? -1, out: lines(r.stdout ?? ''), err: lines(r.stderr ?? '') };
}

/** Starts the program in `cwd`; `done` resolves when it has exited. */
export function startProgram(
  cwd: string,
  args: readonly string[],
  options: { user?: string } = {},
): { child: ChildProcess; done: Promise<ProgramResult> } {
  const [command, argv] = commandLine(args, options.user);
  const child = spawn(command, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    err += d;
  });
  const done = new Promise<ProgramResult>((resolve) =>
    child.once('close', (code) => resolve({ code: code ?? -1, out: lines(out), err: lines(err) })),
  );
  return { child, done };
}

/**
 * True when this process may run programs as another user (root, with runuser): for tests of permissions, which root
 * passes.
 */
export function canRunAsOtherUser(): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('runuser', ['-u', 'nobody', '--', process.execPath, '-e', '0']).status === 0;
}
