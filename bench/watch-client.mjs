// Watch-stream client for the API benchmark, run as its own process so that parsing events does
// not compete with the API server for the same event loop. Opens N HTTPS watch streams and prints
// one line per received event, when its stdin closes: `<resourceVersion> <arrival time in ms since
// the epoch, sub-ms>`.
import https from 'node:https';
import { performance } from 'node:perf_hooks';

const [url, token, caB64, countText] = process.argv.slice(2);
const ca = Buffer.from(caB64, 'base64').toString();
const agent = new https.Agent({ keepAlive: true, maxSockets: 1000 });
const now = () => performance.timeOrigin + performance.now();
let open = 0;
/**
 * Per stream, the bytes received and, per chunk, its arrival time and end offset; parsed and
 * printed at the end, so reporting does not load the server's process. Chunks are copied into
 * one preallocated arena per stream instead of being kept: thousands of retained Buffers made
 * this process's own garbage collector pause for up to 12 ms, which showed up as delivery latency.
 */
const streams = [];
// Sized for the benchmark's 200 events of ~2.6 KB per stream: growing an arena copies it, and
// since every stream grows at the same event, that is a pause of its own.
const FIRST_ARENA_BYTES = 2 * 1024 * 1024;
const total = Number(countText);
for (let i = 0; i < total; i++) {
  const req = https.request(url, { agent, ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
    if (++open === total) process.stdout.write('READY\n');
    // Only the arrival time is taken here: parsing waits until the end, so one stream's parsing
    // does not delay the next stream's arrival (a real client has one stream per informer).
    const stream = { arena: Buffer.allocUnsafe(FIRST_ARENA_BYTES), used: 0, times: new Float64Array(4096), ends: new Uint32Array(4096), chunks: 0 };
    res.on('data', (d) => {
      const at = now();
      if (stream.used + d.length > stream.arena.length) stream.arena = grown(stream.arena, stream.used + d.length);
      if (stream.chunks === stream.times.length) {
        stream.times = grownArray(stream.times);
        stream.ends = grownArray(stream.ends);
      }
      d.copy(stream.arena, stream.used);
      stream.used += d.length;
      stream.times[stream.chunks] = at;
      stream.ends[stream.chunks++] = stream.used;
    });
    streams.push(stream);
  });
  req.on('error', () => {});
  req.end();
}
/** A copy of `buffer` in a new arena of at least `needed` bytes (doubling: rare). */
function grown(buffer, needed) {
  const next = Buffer.allocUnsafe(Math.max(needed, buffer.length * 2));
  buffer.copy(next);
  return next;
}

function grownArray(array) {
  const next = new array.constructor(array.length * 2);
  next.set(array);
  return next;
}

process.stdin.on('end', () => {
  const arrivals = [];
  for (const stream of streams) {
    // An event's arrival is that of the chunk that completed its line.
    let chunk = 0;
    for (let start = 0, nl; (nl = stream.arena.indexOf(10, start)) >= 0 && nl < stream.used; start = nl + 1) {
      while (stream.ends[chunk] <= nl) chunk++;
      const line = stream.arena.toString('utf8', start, nl);
      if (line) arrivals.push(`${JSON.parse(line).object.metadata.resourceVersion} ${stream.times[chunk]}`);
    }
  }
  process.stdout.write(arrivals.join('\n') + '\n', () => process.exit(0));
});
process.stdin.resume();
