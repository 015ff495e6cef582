import { describe, expect, it } from 'vitest';
import { seededRandom } from '../testing/fixtures.js';
import { KeyedHeap } from './heap.js';

interface Item { id: string; v: number }

function heap(): KeyedHeap<Item> {
  return new KeyedHeap<Item>((i) => i.id, (a, b) => a.v < b.v);
}

describe('KeyedHeap', () => {
  it('pops in order', () => {
    const h = heap();
    const random = seededRandom(7);
    const values = Array.from({ length: 200 }, (_, i) => ({ id: `k${i}`, v: Math.floor(random() * 1000) }));
    for (const v of values) h.upsert(v);
    const out: number[] = [];
    for (let x = h.pop(); x; x = h.pop()) out.push(x.v);
    expect(out).toEqual(values.map((v) => v.v).sort((a, b) => a - b));
  });

  it('updates and deletes by key', () => {
    const h = heap();
    for (const [id, v] of [['a', 5], ['b', 3], ['c', 9]] as const) h.upsert({ id, v });
    h.upsert({ id: 'c', v: 1 });
    expect(h.peek()).toEqual({ id: 'c', v: 1 });
    expect(h.delete('c')).toEqual({ id: 'c', v: 1 });
    expect(h.has('c')).toBe(false);
    expect(h.size).toBe(2);
    expect(h.pop()!.id).toBe('b');
    expect(h.get('a')).toEqual({ id: 'a', v: 5 });
  });
});
