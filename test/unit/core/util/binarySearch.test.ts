import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { lowerBound, partitionPoint } from '../../../../src/core/util/binarySearch';

describe('binarySearch', () => {
  it('partitionPoint finds the first index where a prefix predicate fails, at the edges too', () => {
    assert.equal(
      partitionPoint(0, () => true),
      0,
    );
    assert.equal(
      partitionPoint(-1, () => true),
      0,
    );
    assert.equal(
      partitionPoint(5, () => true),
      5,
    );
    assert.equal(
      partitionPoint(5, () => false),
      0,
    );
    assert.equal(
      partitionPoint(5, (i) => i < 3),
      3,
    );
  });

  it('lowerBound agrees with a linear scan on any sorted array, typed arrays too', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 })), fc.integer({ min: -60, max: 60 }), (raw, target) => {
        const values = [...raw].sort((a, b) => a - b);
        const linear = values.findIndex((v) => v >= target);
        const expected = linear === -1 ? values.length : linear;
        assert.equal(lowerBound(values, target), expected);
        assert.equal(lowerBound(Int32Array.from(values), target), expected);
      }),
    );
  });
});
