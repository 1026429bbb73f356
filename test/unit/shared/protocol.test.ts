import { strict as assert } from 'node:assert';
import { isViewMessage } from '../../../src/shared/protocol';

describe('protocol guards', () => {
  it('accepts well-formed view messages', () => {
    for (const m of [
      { type: 'ready' }, { type: 'needText' }, { type: 'selection', anchor16: 3, focus16: 0 },
      { type: 'annotate', label: 'date', anchor16: 0, focus16: 5 }, { type: 'command', command: 'next', anchor16: 0, focus16: 0 },
      { type: 'log', level: 'error', message: 'x' },
    ]) assert.ok(isViewMessage(m), JSON.stringify(m));
  });

  it('drops anything else', () => {
    for (const m of [
      null, 'ready', {}, { type: 'annotate', label: 'Person!', anchor16: 0, focus16: 1 }, { type: 'annotate', label: 'a'.repeat(40), anchor16: 0, focus16: 1 }, { type: 'annotate', label: 'claim', anchor16: -1, focus16: 1 },
      { type: 'selection', anchor16: 1.5, focus16: 2 }, { type: 'command', command: 'eval', anchor16: 0, focus16: 0 },
      { type: '__proto__' }, { type: 'log', level: 'warn', message: 'x' }, { type: 'annotate', label: 'claim', anchor16: '1', focus16: 2 },
    ]) assert.ok(!isViewMessage(m), JSON.stringify(m));
  });
});
