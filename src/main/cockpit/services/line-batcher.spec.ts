import { describe, expect, it } from 'vitest';
import { LineBatcher } from './line-batcher.js';

describe('LineBatcher', () => {
  const a = { pod: 'p', container: 'a' };
  const b = { pod: 'q', container: 'a' };

  it('joins partial chunks into whole lines per source, and ends with the unterminated rest', () => {
    const out: [string, string[]][] = [];
    const lb = new LineBatcher((s, lines) => out.push([s.pod, lines]), 1000);
    lb.write(a, 'hel');
    lb.write(b, 'other\r\n');
    lb.write(a, 'lo\nwor');
    lb.flush();
    expect(out.sort()).toEqual([['p', ['hello']], ['q', ['other']]]);
    lb.end(a);
    expect(out.at(-1)).toEqual(['p', ['wor']]);
    lb.stop();
  });

  it('hands on 200,000 lines in a few large batches, quickly', () => {
    let events = 0;
    let lines = 0;
    const lb = new LineBatcher((_s, l) => { events++; lines += l.length; }, 25, 5000);
    const chunk = Array.from({ length: 1000 }, (_, i) => `2026-01-01T00:00:00.000000000Z line ${i} of a busy container`).join('\n') + '\n';
    const started = performance.now();
    for (let i = 0; i < 200; i++) lb.write(a, chunk);
    lb.flush();
    const ms = performance.now() - started;
    expect(lines).toBe(200_000);
    expect(events).toBeLessThanOrEqual(41);
    // 50,000 lines a second is the target; this is far above it even on a slow machine.
    expect(ms).toBeLessThan(1000);
    lb.stop();
  });
});
