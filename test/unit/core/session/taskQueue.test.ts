import { strict as assert } from 'node:assert';
import { TaskQueue } from '../../../../src/core/session/taskQueue';

describe('core/session/taskQueue', () => {
  it('runs tasks one at a time, in the order they were queued', async () => {
    const queue = new TaskQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => queue.run(async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`end ${name}`);
      return name;
    });
    const results = await Promise.all([task('a', 20), task('b', 0), task('c', 5)]);
    assert.deepEqual(results, ['a', 'b', 'c']);
    assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('rejects with a failing task and still runs the ones after it', async () => {
    const queue = new TaskQueue();
    const failing = queue.run(async () => { throw new Error('boom'); });
    const next = queue.run(async () => 42);
    await assert.rejects(failing, /boom/);
    assert.equal(await next, 42);
  });
});
