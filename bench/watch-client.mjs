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
/** Kept in memory and printed at the end, so reporting does not load the server's process. */
const arrivals = [];
const total = Number(countText);
for (let i = 0; i < total; i++) {
  const req = https.request(url, { agent, ca, headers: { authorization: `Bearer ${token}` } }, (res) => {
    if (++open === total) process.stdout.write('READY\n');
    let buffered = '';
    res.on('data', (d) => {
      const at = now();
      buffered += d.toString();
      let nl;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line) arrivals.push(`${JSON.parse(line).object.metadata.resourceVersion} ${at}`);
      }
    });
  });
  req.on('error', () => {});
  req.end();
}
process.stdin.on('end', () => {
  process.stdout.write(arrivals.join('\n') + '\n', () => process.exit(0));
});
process.stdin.resume();
