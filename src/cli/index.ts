/**
 * `pilothouse` command line: `serve` runs the control plane headless (the same one the desktop
 * app hosts). Errors a person can fix are printed as one clear line, not a stack trace.
 */
import { Command, InvalidArgumentError } from 'commander';
import { runServe } from './serve.js';

function port(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return n;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 5000) throw new InvalidArgumentError('must be a whole number from 0 to 5000');
  return n;
}

export async function main(argv: string[]): Promise<void> {
  const program = new Command();
  program.name('pilothouse').description('A Kubernetes cluster on your machine').showHelpAfterError();
  program
    .command('serve')
    .description('run the control plane in the foreground (headless mode)')
    .option('--data-dir <dir>', 'where the cluster keeps its state', undefined)
    .option('--port <port>', 'API server port on the listen address (0 picks a free one)', port, 6443)
    .option('--address <ip>', 'address to listen on (only change it if other machines must reach the cluster)', '127.0.0.1')
    .option('--kubeconfig <file>', 'write a kubeconfig for this cluster to this file (default: merge a "pilothouse" context into your kubeconfig)')
    .option('--store <backend>', 'state store: sqlite (default), memory or etcd', 'sqlite')
    .option('--sqlite-sync <mode>', 'SQLite durability: normal (survives crashes and kill -9) or full (also power loss; slower)', 'normal')
    .option('--etcd-endpoints <urls>', 'comma-separated etcd client URLs (with --store etcd)', 'http://127.0.0.1:2379')
    .option('--etcd-prefix <prefix>', 'key prefix inside etcd (with --store etcd)', '')
    .option('--simulated-nodes <n>', 'add N simulated nodes (no containers; for trying things out and for scale)', count, 0)
    .option('--simulated-node-capacity <list>', 'capacity of each simulated node, e.g. cpu=4,memory=8Gi,pods=110')
    .option('--simulated-node-labels <list>', 'labels of each simulated node, e.g. zone=a,disk=ssd')
    .option('--simulated-node-taints <list>', 'taints of each simulated node, e.g. dedicated=gpu:NoSchedule')
    .action(async (opts) => {
      await runServe(opts);
    });
  await program.parseAsync(argv);
}
