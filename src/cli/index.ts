/**
 * `pilothouse` command line: `serve` runs the control plane headless (the same one the desktop
 * app hosts), `agent` joins this machine to a control plane as a worker node, `token` manages
 * the join tokens. Errors a person can fix are printed as one clear line, not a stack trace.
 */
import { Command, InvalidArgumentError } from 'commander';
import { runAgent } from './agent.js';
import { runAddonsList, runAddonsSet } from './addons.js';
import { ADDON_NAMES } from '../main/addons/addon-state.js';
import { runServe } from './serve.js';
import { runTokenCreate, runTokenDelete, runTokenList, tokenCommandMessage } from './token.js';

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
    .option('--nodes <n>', 'worker nodes that run real containers on the local Docker engine', count, 0)
    .option('--sandbox-image <image>', 'pod sandbox image for Docker nodes (busybox runs network probes inside the pod; a pause image allows exec probes only)', 'busybox:1.36')
    .option('--docker-socket <path>', 'Docker engine socket (default: DOCKER_HOST or /var/run/docker.sock)')
    .option('--stop-pods-on-exit', 'stop the pods\' containers when pilothouse stops (default: leave them running; the next start adopts them)')
    .option('--addon-image <image>', 'image with Node 20+ and busybox that runs the service proxy and the DNS add-on', 'node:22-alpine')
    .option('--ingress-port <port>', 'port of the ingress add-on on 127.0.0.1 (0 picks a free one)', port, 8880)
    .option('--no-service-networking', 'no ClusterIPs, NodePorts, LoadBalancers or cluster DNS for Docker nodes')
    .option('--simulated-nodes <n>', 'add N simulated nodes (no containers; for trying things out and for scale)', count, 0)
    .option('--simulated-node-capacity <list>', 'capacity of each simulated node, e.g. cpu=4,memory=8Gi,pods=110')
    .option('--simulated-node-labels <list>', 'labels of each simulated node, e.g. zone=a,disk=ssd')
    .option('--simulated-node-taints <list>', 'taints of each simulated node, e.g. dedicated=gpu:NoSchedule')
    .option('--dashboard-port <port>', 'port of the dashboard (the cockpit in a browser) on 127.0.0.1; 0 picks a free one', port, 0)
    .option('--no-dashboard', 'serve no dashboard')
    .action(async (opts) => {
      await runServe(opts);
    });
  program
    .command('agent')
    .description('join this machine to a control plane as a worker node (runs until Ctrl-C)')
    .requiredOption('--server <url>', 'the API server, https://HOST:PORT')
    .requiredOption('--token <token>', 'a join token from `pilothouse token create` on the control plane')
    .option('--name <node>', 'the node name (default: this host name)')
    .option('--ca-cert-hash <sha256:hex>', 'trust the cluster CA whose public key has this hash (printed by `pilothouse token create`)')
    .option('--ca-file <file>', 'trust the cluster CA in this PEM file (pki/ca.crt in the control plane\'s data directory)')
    .option('--runtime <name>', 'container runtime: docker, or simulated (no containers)', 'docker')
    .option('--sandbox-image <image>', 'image of the pod sandbox containers (docker runtime)')
    .option('--docker-network <name>', 'Docker network the pods join (docker runtime; default pilothouse)')
    .option('--volumes-dir <dir>', "where pods' volumes (emptyDir, configMap, secret, token) are written (docker runtime; default a per-user directory under the temp dir)")
    .option('--capacity <list>', 'node capacity overrides, e.g. cpu=4,memory=8Gi,pods=110 (default: what the runtime reports)')
    .option('--labels <list>', 'node labels, e.g. zone=a,disk=ssd')
    .option('--taints <list>', 'taints applied when the node registers, e.g. dedicated=gpu:NoSchedule')
    .option('--kubelet-address <ip>', 'address the kubelet server (logs, exec) listens on', '127.0.0.1')
    .option('--kubelet-port <port>', 'port of the kubelet server (0 picks a free one)', port, 10250)
    .option('--node-ip <ip>', 'address the control plane dials for logs and exec (default: --kubelet-address)')
    .option('--no-kubelet-server', 'serve no logs or exec for this node')
    .option('--stop-pods-on-exit', "remove this node's containers when the agent stops (default: they keep running)")
    .option('--node-lease-duration-seconds <n>', 'node Lease duration; renewed every quarter of it', positive, 40)
    .action(async (opts) => {
      await runAgent(opts);
    });
  const token = program.command('token').description('manage join tokens for `pilothouse agent`');
  const kubeconfigOptions = (c: Command) =>
    c.option('--kubeconfig <file>', 'kubeconfig of the cluster (default: $KUBECONFIG or ~/.kube/config)').option('--context <name>', 'kubeconfig context (default: the current one)');
  kubeconfigOptions(token.command('create').description('create a join token; prints it as the last line'))
    .option('--ttl <duration>', 'lifetime, e.g. 24h, 1h30m; 0 never expires', '24h')
    .option('--description <text>', 'what the token is for')
    .action((opts) => tokenAction(() => runTokenCreate(opts)));
  kubeconfigOptions(token.command('list').description('list join tokens'))
    .action((opts) => tokenAction(() => runTokenList(opts)));
  kubeconfigOptions(token.command('delete').description('delete (revoke) join tokens').argument('<id...>', 'token ids (or whole tokens)'))
    .action((ids: string[], opts) => tokenAction(() => runTokenDelete(ids, opts)));
  const addons = program.command('addons').description('list, enable and disable add-ons (dns, ingress, dashboard, metrics)');
  kubeconfigOptions(addons.command('list').description('list the add-ons and whether they are on'))
    .action((opts) => tokenAction(() => runAddonsList(opts)));
  kubeconfigOptions(addons.command('enable').description('turn an add-on on (kept across restarts)').argument('<name>', ADDON_NAMES.join(', ')))
    .action((name: string, opts) => tokenAction(() => runAddonsSet(name, true, opts)));
  kubeconfigOptions(addons.command('disable').description('turn an add-on off (kept across restarts)').argument('<name>', ADDON_NAMES.join(', ')))
    .action((name: string, opts) => tokenAction(() => runAddonsSet(name, false, opts)));
  await program.parseAsync(argv);
}

function positive(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a whole number above 0');
  return n;
}

async function tokenAction(run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (e) {
    const message = tokenCommandMessage(e);
    if (message === undefined) throw e;
    console.error(`pilothouse: ${message}`);
    process.exit(1);
  }
}
