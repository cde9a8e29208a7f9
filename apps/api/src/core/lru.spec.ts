import { describe, expect, it } from '@jest/globals';
import { Lru } from './lru.js';

describe('Lru', () => {
  it('bounded by count: the least recently used goes first, a read makes a value recent', () => {
    const lru = new Lru<number>(2);
    lru.set('a', 1);
    lru.set('b', 2);
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
    expect(lru.size).toBe(2);
  });

  it('bounded by size: replacing a value counts its new size only and makes it recent; the oldest goes when the bytes run out', () => {
    const lru = new Lru<string>(8, (v) => v.length);
    lru.set('x', 'aaa');
    lru.set('y', 'bbbb');
    expect(lru.totalSize).toBe(7);
    lru.set('x', 'c');
    expect(lru.totalSize).toBe(5);
    lru.set('z', 'dddd');
    // 1 + 4 + 4 bytes > 8: y, the least recently used since x was replaced, goes.
    expect([lru.get('x'), lru.get('y'), lru.get('z')]).toEqual(['c', undefined, 'dddd']);
    expect(lru.totalSize).toBe(5);
    lru.clear();
    expect([lru.size, lru.totalSize]).toEqual([0, 0]);
  });
});
