import { describe, expect, it } from 'vitest';
import { deepFreeze } from '../storage/decoded-cache.js';
import { encodeWatchChunk, type EncodedEvent } from './watch-frames.js';

const pod = () => {
  const o = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', resourceVersion: '5' }, spec: { note: 'é ✓' } };
  deepFreeze(o);
  return o;
};

describe('watch event frames', () => {
  it('frames an event as one HTTP/1.1 chunk whose payload is the NDJSON line', () => {
    const object = pod();
    const encoded = encodeWatchChunk({ type: 'MODIFIED', object }) as EncodedEvent;
    const text = encoded.frame.toString('latin1');
    const headerEnd = text.indexOf('\r\n');
    const size = parseInt(text.slice(0, headerEnd), 16);
    expect(size).toBe(encoded.line.length); // bytes, not characters (the é and ✓ are multi-byte)
    expect(encoded.frame.subarray(headerEnd + 2, headerEnd + 2 + size).equals(encoded.line)).toBe(true);
    expect(encoded.frame.subarray(headerEnd + 2 + size).toString()).toBe('\r\n');
    expect(encoded.line.toString().endsWith('\n')).toBe(true);
    expect(JSON.parse(encoded.line.toString())).toEqual({ type: 'MODIFIED', object });
  });

  it('encodes a shared event once per turn of the event loop, and not again later in that turn', async () => {
    const object = pod();
    const first = encodeWatchChunk({ type: 'ADDED', object });
    expect(encodeWatchChunk({ type: 'ADDED', object })).toBe(first);
    expect(encodeWatchChunk({ type: 'DELETED', object })).not.toBe(first);
    await new Promise((r) => setImmediate(r));
    const later = encodeWatchChunk({ type: 'ADDED', object });
    expect(later).not.toBe(first); // nothing kept past the turn
    expect((later as EncodedEvent).frame.equals((first as EncodedEvent).frame)).toBe(true);
  });

  it('does not reuse the bytes of objects that may still change, and writes other chunks as JSON lines', () => {
    const mutable = { metadata: { name: 'x' } };
    const a = encodeWatchChunk({ type: 'ADDED', object: mutable }) as EncodedEvent;
    mutable.metadata.name = 'y';
    const b = encodeWatchChunk({ type: 'ADDED', object: mutable }) as EncodedEvent;
    expect(JSON.parse(b.line.toString()).object.metadata.name).toBe('y');
    expect(a).not.toBe(b);
    expect(encodeWatchChunk({ type: 'ERROR', object: { kind: 'Status' }, extra: 1 })).toBe('{"type":"ERROR","object":{"kind":"Status"},"extra":1}\n');
  });
});
