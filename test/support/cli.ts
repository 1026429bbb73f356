// Runs the command line in this process, as the CLI tests of test/unit/cli do.
import { main } from '../../src/cli/main';

/** main(args) run in `cwd`; the lines it gave to out and err, as given (not escaped: that is the program's writer). */
export async function runMain(cwd: string, ...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const before = process.cwd();
  process.chdir(cwd);
  try {
    return { code: await main(args, (l) => out.push(l), (l) => err.push(l)), out, err };
  } finally {
    process.chdir(before);
  }
}
