/**
 * Watch events as bytes. The objects watchers send are shared (decoded once per change), so an
 * event is encoded once for every stream that sends it in the same turn of the event loop (a
 * store flush fans one change out to all watchers at once): one buffer holding the HTTP/1.1 chunk
 * frame (`size CRLF line CRLF`), the NDJSON line being a view into it. Nothing is kept past the
 * turn: the object's own JSON bytes are cached with it (`jsonBytes`), a framed copy per object
 * would double that for as long as the object lives.
 */
import { jsonBytes } from '../storage/decoded-cache.js';

export interface EncodedEvent {
  /** `{"type":...,"object":...}\n` */
  line: Buffer;
  /** The line as one HTTP/1.1 chunk. */
  frame: Buffer;
}

const LINE_END = Buffer.from('}\n');
const CRLF = Buffer.from('\r\n');

let thisTurn: Map<object, Map<string, EncodedEvent>> | undefined;

/** `chunk` encoded: an event `{type, object}` as an EncodedEvent, anything else as a JSON line. */
export function encodeWatchChunk(chunk: unknown): EncodedEvent | string {
  const e = chunk as { type?: unknown; object?: unknown };
  if (typeof e.type !== 'string' || e.object === null || typeof e.object !== 'object' || !hasOnlyTypeAndObject(e)) {
    return JSON.stringify(chunk) + '\n';
  }
  // Only frozen objects (the shared decoded cache) can be recognised by identity; others may change.
  const shared = Object.isFrozen(e.object);
  const cached = shared ? thisTurn?.get(e.object)?.get(e.type) : undefined;
  if (cached) return cached;
  const encoded = encodeEvent(e.type, e.object);
  if (shared) {
    if (!thisTurn) {
      thisTurn = new Map();
      setImmediate(() => (thisTurn = undefined));
    }
    let byType = thisTurn.get(e.object);
    if (!byType) thisTurn.set(e.object, (byType = new Map()));
    byType.set(e.type, encoded);
  }
  return encoded;
}

/** True for `{type, object}` exactly (counted without allocating: this runs once per stream per event). */
function hasOnlyTypeAndObject(value: object): boolean {
  let n = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if ((key !== 'type' && key !== 'object') || ++n > 2) return false;
  }
  return n === 2;
}

function encodeEvent(type: string, object: object): EncodedEvent {
  const head = Buffer.from(`{"type":${JSON.stringify(type)},"object":`);
  const json = jsonBytes(object);
  const lineLength = head.length + json.length + LINE_END.length;
  const size = Buffer.from(`${lineLength.toString(16)}\r\n`);
  const frame = Buffer.concat([size, head, json, LINE_END, CRLF]);
  return { frame, line: frame.subarray(size.length, size.length + lineLength) };
}
