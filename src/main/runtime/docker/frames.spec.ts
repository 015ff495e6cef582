/** Docker's multiplexed stream frames and the log byte limit (pure). */
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readAll } from '../testing/pod-configs.js';
import { demultiplex, FrameParser, type Frame } from './frames.js';
import { ByteLimiter, logsQuery, sinceParam } from './logs.js';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text);
  const h = Buffer.alloc(8);
  h[0] = stream;
  h.writeUInt32BE(payload.length, 4);
  return Buffer.concat([h, payload]);
}

describe('FrameParser', () => {
  it('parses frames split and merged across chunks', async () => {
    const bytes = Buffer.concat([frame(1, 'hello '), frame(2, 'oops\n'), frame(1, 'world\n')]);
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 17), bytes.subarray(17)];
    const frames: Frame[] = [];
    await new Promise<void>((resolve) => Readable.from(chunks).pipe(new FrameParser()).on('data', (f: Frame) => frames.push(f)).on('end', resolve));
    expect(frames.map((f) => [f.stream, f.payload.toString()])).toEqual([['stdout', 'hello '], ['stderr', 'oops\n'], ['stdout', 'world\n']]);
  });

  it('splits stdout and stderr, or merges them in order into one sink', async () => {
    const src = () => Readable.from([Buffer.concat([frame(1, 'a'), frame(2, 'b'), frame(1, 'c')])]);
    const out = new PassThrough();
    const err = new PassThrough();
    demultiplex(src(), out, err);
    expect(await Promise.all([readAll(out), readAll(err)])).toEqual(['ac', 'b']);
    const merged = new PassThrough();
    demultiplex(src(), merged);
    expect(await readAll(merged)).toBe('abc');
  });
});

describe('log options', () => {
  it('passes at most limitBytes', async () => {
    let released = false;
    const limiter = new ByteLimiter(5, () => (released = true));
    Readable.from([Buffer.from('abc'), Buffer.from('defgh'), Buffer.from('ij')]).pipe(limiter);
    expect(await readAll(limiter)).toBe('abcde');
    expect(released).toBe(true);
  });

  it('maps tail and since to Docker query parameters', () => {
    const now = new Date(1_700_000_010_250);
    expect(logsQuery({ follow: true, timestamps: true }, now)).toEqual({ stdout: true, stderr: true, follow: true, timestamps: true, tail: 'all' });
    expect(logsQuery({ follow: false, timestamps: false, tailLines: 0, sinceSeconds: 10 }, now)).toMatchObject({ tail: '0', since: '1700000000.250000000' });
    expect(sinceParam({ follow: false, timestamps: false, sinceTime: new Date(1_700_000_000_005) }, now)).toBe('1700000000.005000000');
  });
});
