import { strict as assert } from 'node:assert';
import { FileValueCache } from '../../../../src/core/corpus/fileValueCache';

describe('values kept per file until it changes', () => {
  it('reads a file once, again after it is forgotten, and counts the reads', async () => {
    const cache = new FileValueCache<string>();
    let n = 0;
    const read = async () => `v${++n}`;
    assert.equal(await cache.get('/a', read), 'v1');
    assert.equal(await cache.get('/a', read), 'v1');
    assert.equal(cache.peek('/a'), 'v1');
    cache.forget('/a');
    assert.equal(cache.peek('/a'), undefined);
    assert.equal(await cache.get('/a', read), 'v2');
    assert.equal(cache.reads, 2);
  });

  it('a stamp that differs (modification time, size) reads again', async () => {
    const cache = new FileValueCache<number>();
    let n = 0;
    assert.equal(await cache.get('/a', async () => ++n, '1:10'), 1);
    assert.equal(await cache.get('/a', async () => ++n, '1:10'), 1);
    assert.equal(await cache.get('/a', async () => ++n, '2:10'), 2);
  });

  it('a read under way when its file changed is returned but not kept', async () => {
    const cache = new FileValueCache<string>();
    let release: (v: string) => void = () => undefined;
    const slow = cache.get('/a', () => new Promise<string>((r) => { release = r; }));
    cache.forget('/a');
    release('old');
    assert.equal(await slow, 'old');
    assert.equal(cache.has('/a'), false);
    assert.equal(await cache.get('/a', async () => 'new'), 'new');
    const slower = cache.get('/b', () => new Promise<string>((r) => { release = r; }));
    cache.clear();
    release('old');
    await slower;
    assert.equal(cache.has('/b'), false);
  });

  it('keeps only the files still there, and forgets a failed read', async () => {
    const cache = new FileValueCache<string>();
    await cache.get('/a', async () => 'a');
    await cache.get('/b', async () => 'b');
    cache.retain(new Set(['/b']));
    assert.deepEqual([cache.has('/a'), cache.has('/b'), cache.size], [false, true, 1]);
    await assert.rejects(cache.get('/c', async () => { throw new Error('EACCES'); }), /EACCES/);
    assert.equal(cache.has('/c'), false);
  });

  it('two readers asking at once share one read; after a change (or with another stamp) they do not', async () => {
    const cache = new FileValueCache<string>();
    let n = 0;
    let release: () => void = () => undefined;
    const read = () => new Promise<string>((r) => { const v = `v${++n}`; release = () => r(v); });
    const first = cache.get('/a', read);
    const second = cache.get('/a', read);
    release();
    assert.deepEqual([await first, await second, cache.reads], ['v1', 'v1', 1]);
    // forgotten while read: the next reader reads afresh, and only the fresh read is kept
    cache.forget('/a');
    const stale = cache.get('/a', read);
    const releaseStale = release;
    cache.forget('/a');
    const fresh = cache.get('/a', read);
    release();
    releaseStale();
    assert.deepEqual([await stale, await fresh, cache.reads], ['v2', 'v3', 3]);
    assert.equal(await cache.get('/a', read), 'v3');
    // another stamp is another file's state: not shared
    const s1 = cache.get('/s', read, '1:1');
    const r1 = release;
    const s2 = cache.get('/s', read, '2:1');
    release();
    r1();
    assert.deepEqual([await s1, await s2], ['v4', 'v5']);
    // a failed read is not kept for the next reader
    const failing = cache.get('/f', () => Promise.reject(new Error('EIO')));
    await assert.rejects(failing, /EIO/);
    assert.equal(await cache.get('/f', async () => 'ok'), 'ok');
  });
});
