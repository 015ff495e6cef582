// A bounded HTTP load generator, run in its own process so the measured path does not share an
// event loop with it: `node http-load.mjs PORT REQUESTS CONCURRENCY`. Each request opens its own
// connection (busybox httpd closes after every answer). Prints one JSON line:
// {requests, errors, seconds, latenciesMs: [...]}.
import http from 'node:http';

const [port, total, concurrency] = process.argv.slice(2).map(Number);
const latencies = [];
let started = 0;
let errors = 0;

function one() {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.get({ host: '127.0.0.1', port, path: '/', agent: false, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(performance.now() - t0);
        if (res.statusCode !== 200) errors++;
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      errors++;
      resolve();
    });
  });
}

async function worker() {
  while (started < total) {
    started++;
    await one();
  }
}

const t0 = performance.now();
await Promise.all(Array.from({ length: concurrency }, worker));
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(JSON.stringify({ requests: latencies.length, errors, seconds, latenciesMs: latencies }) + '\n');
