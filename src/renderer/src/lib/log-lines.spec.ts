import { describe, expect, it } from 'vitest';
import { colourFor, formatBatch, LogBuffer } from './log-lines';

describe('log lines', () => {
  it('writes a batch as one CRLF string, each line prefixed in its source colour', () => {
    expect(formatBatch(['a', 'b'])).toBe('a\r\nb\r\n');
    const out = formatBatch(['one', 'two'], 'web-1');
    const head = `\x1b[${colourFor('web-1')}m[web-1]\x1b[0m `;
    expect(out).toBe(`${head}one\r\n${head}two\r\n`);
    expect(formatBatch([], 'x')).toBe('');
  });

  it('gives the same pod the same colour', () => {
    expect(colourFor('web-5d8f-abc')).toBe(colourFor('web-5d8f-abc'));
  });

  it('keeps the newest lines for download when over its cap', () => {
    const buffer = new LogBuffer(5);
    buffer.add(['1', '2', '3']);
    buffer.add(['4', '5'], 'p');
    buffer.add(['6']);
    expect(buffer.text()).toBe('[p] 4\n[p] 5\n6\n');
    expect(buffer.dropped).toBe(3);
    expect(buffer.lineCount).toBe(3);
  });
});
