/**
 * Entry point of the cluster DNS add-on (`node /opt/pilothouse/dns.js` in its pod): reads the
 * configuration from the environment, serves until SIGTERM or SIGINT, and logs one line per
 * notable event to stdout.
 */
import { ConfigError, loadConfig } from './config.js';
import { startDnsAddon } from './dns-addon.js';

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const addon = await startDnsAddon(config, { log });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`received ${signal}, stopping`);
    addon.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((e: Error) => {
  log(e instanceof ConfigError ? `configuration error: ${e.message}` : `fatal: ${e.stack ?? e.message}`);
  process.exit(1);
});
