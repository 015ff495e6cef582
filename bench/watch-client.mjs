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
/** Per stream, the chunks as they arrived with their arrival times; parsed and printed at the end, so reporting does not load the server's process. */
const streams = [];
const total = Number(countText);
for (let i = 0; i < total; i++) {
  const req = https.request(url, { agent, ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
    if (++open === total) process.stdout.write('READY\n');
    // Only the arrival time is taken here: parsing waits until the end, so one stream's parsing
    // does not delay the next stream's arrival (a real client has one stream per informer).
    const chunks = [];
    res.on('data', (d) => chunks.push([now(), d]));
    streams.push(chunks);
  });
  req.on('error', () => {});
  req.end();
}
process.stdin.on('end', () => {
  const arrivals = [];
  for (const chunks of streams) {
    let buffered = '';
    for (const [at, d] of chunks) {
      buffered += d.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        // An event's arrival is that of the chunk that completed its line.
        if (line) arrivals.push(`${JSON.parse(line).object.metadata.resourceVersion} ${at}`);
      }
    }
  }
  process.stdout.write(arrivals.join('\n') + '\n', () => process.exit(0));
});
process.stdin.resume();
