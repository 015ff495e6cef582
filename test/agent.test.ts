/**
 * `pilothouse agent` as a user runs it: `pilothouse serve` in one process, a join token from
 * `pilothouse token create`, and agents in their own processes joining over HTTPS; checked
 * with the real kubectl. Every process is stopped by its PID and every temp dir removed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentRefusal, createJoinToken, runCli, startAgentProcess, stopAgents } from './support/agent-process.js';
import { eventually } from './support/in-process-cluster.js';
import { kubectlOk } from './support/kubectl.js';
import { startServe, type ServeProcess } from './support/serve-process.js';

let serve: ServeProcess;
const k = (...args: string[]) => kubectlOk(serve.kubeconfig, args);
const cli = runCli;

const createToken = (...extra: string[]) => createJoinToken(serve.kubeconfig, ...extra);

function nodeReady(node: { status?: { conditions?: { type: string; status: string }[] } }): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

beforeAll(async () => {
  serve = await startServe();
});

afterAll(async () => {
  await stopAgents();
  await serve?.stop();
  serve?.cleanup();
});

describe('pilothouse token', () => {
  it('creates a join token and prints it last, after the agent command', async () => {
    const { token, lines } = await createToken('--ttl', '1h', '--description', 'for the test');
    expect(token).toMatch(/^[a-z0-9]{6}\.[a-z0-9]{16}$/);
    expect(lines[lines.length - 2]).toMatch(
      new RegExp(`^Join a node with: pilothouse agent --server ${serve.url} --token ${token.replace('.', '\\.')} --ca-cert-hash sha256:[0-9a-f]{64} --name <node-name>$`),
    );
    const secret = JSON.parse(await k('get', 'secret', '-n', 'kube-system', `bootstrap-token-${token.slice(0, 6)}`, '-o', 'json'));
    expect(secret.type).toBe('bootstrap.kubernetes.io/token');
    const data = (key: string) => Buffer.from(secret.data[key], 'base64').toString();
    expect([data('token-id'), data('token-secret'), data('usage-bootstrap-authentication'), data('description')]).toEqual([
      token.slice(0, 6), token.slice(7), 'true', 'for the test',
    ]);
    const list = await cli(['token', 'list', '--kubeconfig', serve.kubeconfig]);
    expect(list.stdout).toMatch(new RegExp(`^${token.replace('.', '\\.')}\\s+59m\\s+\\S+Z\\s+authentication\\s+for the test\\s+system:bootstrappers:pilothouse$`, 'm'));
  });

  it('says what is wrong with a bad duration or kubeconfig', async () => {
    const ttl = await cli(['token', 'create', '--kubeconfig', serve.kubeconfig, '--ttl', 'tomorrow']);
    expect(ttl.code).toBe(1);
    expect(ttl.stderr).toMatch(/^pilothouse: invalid duration "tomorrow": use a Go duration such as 24h/);
    const missing = await cli(['token', 'create', '--kubeconfig', join(serve.dataDir, 'nope')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^pilothouse: cannot read kubeconfig .*nope: ENOENT/);
  });
});

describe('pilothouse agent', () => {
  it('joins as a Ready node, runs a pod there, and stops renewing its Lease when stopped', async () => {
    const { token } = await createToken();
    const agent = startAgentProcess([
      '--server', serve.url, '--token', token, '--name', 'agent-1', '--runtime', 'simulated',
      '--ca-file', join(serve.dataDir, 'pki', 'ca.crt'), '--kubelet-port', '0', '--node-lease-duration-seconds', '8',
    ]);
    const joined = await agent.waitFor(/node agent-1 joined (\S+) \(runtime simulated(?:, kubelet server on 127\.0\.0\.1:(\d+))?\)/);
    expect(joined[1]).toBe(serve.url);
    const node = await eventually(async () => {
      const n = JSON.parse(await k('get', 'node', 'agent-1', '-o', 'json'));
      return nodeReady(n) ? n : undefined;
    }, 'node agent-1 to be Ready');
    expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'agent-1', 'node.pilothouse.dev/agent': 'true' });
    if (joined[2]) expect(node.status.daemonEndpoints.kubeletEndpoint.Port).toBe(Number(joined[2]));
    expect(await k('get', 'node', 'agent-1')).toMatch(/agent-1\s+Ready/);

    await kubectlOk(serve.kubeconfig, ['apply', '-f', '-'], JSON.stringify({
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'on-agent', namespace: 'default' },
      spec: { nodeSelector: { 'kubernetes.io/hostname': 'agent-1' }, containers: [{ name: 'app', image: 'busybox' }] },
    }));
    await k('wait', '--for=condition=Ready', 'pod/on-agent', '--timeout=60s');
    expect(await k('get', 'pod', 'on-agent', '-o', 'wide')).toMatch(/on-agent\s+1\/1\s+Running\s+0\s+\S+\s+\S+\s+agent-1/);
    // Logs and exec reach the agent's kubelet server (mutual TLS with the certificate it got at join).
    expect(await k('logs', 'on-agent')).toMatch(/simulated container app/);
    expect(await k('exec', 'on-agent', '--', 'echo', 'hello', 'agent')).toBe('hello agent\n');

    // The node has its own credentials now: revoking the join token does not cut it off.
    expect(await k('get', 'serviceaccount', '-n', 'kube-system', 'pilothouse-node-agent-1', '-o', 'name')).toBe('serviceaccount/pilothouse-node-agent-1\n');
    expect((await cli(['token', 'delete', token, '--kubeconfig', serve.kubeconfig])).code).toBe(0);

    const renewTime = async () => (await k('get', 'lease', '-n', 'kube-node-lease', 'agent-1', '-o', 'jsonpath={.spec.renewTime}')).trim();
    const before = await renewTime();
    await eventually(async () => (await renewTime()) !== before, 'agent-1 to renew its Lease', 15_000);
    expect(await agent.stop('SIGTERM')).toBe(0);
    expect(agent.output()).toMatch(/SIGTERM received, stopping the kubelet of node agent-1 \(its containers keep running\)/);
    const last = await renewTime();
    await new Promise((r) => setTimeout(r, 5000)); // 2.5 renew intervals of 2 s
    expect(await renewTime()).toBe(last);
    await k('delete', 'pod', 'on-agent', '--grace-period=0', '--force');
  });

  it('trusts the CA by the hash that token create prints', async () => {
    const { lines } = await createToken();
    const command = lines[lines.length - 2].replace(/^Join a node with: pilothouse agent /, '').replace('<node-name>', 'agent-2').split(' ');
    const agent = startAgentProcess([...command, '--runtime', 'simulated', '--kubelet-port', '0']);
    await agent.waitFor(/node agent-2 joined/);
    await eventually(async () => nodeReady(JSON.parse(await k('get', 'node', 'agent-2', '-o', 'json'))), 'node agent-2 to be Ready');
    expect(await agent.stop('SIGINT')).toBe(0);
  });

  it('refuses a wrong token, a missing CA, a wrong CA hash and an unreachable server, each in one line', async () => {
    const ca = join(serve.dataDir, 'pki', 'ca.crt');
    const base = ['--name', 'agent-x', '--runtime', 'simulated', '--kubelet-port', '0'];
    const wrong = await agentRefusal(['--server', serve.url, '--token', 'abcdef.0123456789abcdef', '--ca-file', ca, ...base]);
    expect(wrong.code).toBe(1);
    expect(wrong.output.trim()).toBe(
      `pilothouse: the API server at ${serve.url} refused the join token (401 Unauthorized): it is wrong, expired or was deleted. ` +
        'Create a new one on the control plane with `pilothouse token create`',
    );

    const { token } = await createToken();
    const noCa = await agentRefusal(['--server', serve.url, '--token', token, ...base]);
    expect(noCa.output.trim()).toMatch(/^pilothouse: the agent must verify the API server: pass --ca-cert-hash sha256:\.\.\. .* or --ca-file/);

    const badHash = await agentRefusal(['--server', serve.url, '--token', token, '--ca-cert-hash', `sha256:${'0'.repeat(64)}`, ...base]);
    expect(badHash.code).toBe(1);
    expect(badHash.output.trim()).toMatch(new RegExp(`^pilothouse: CA mismatch: the API server at ${serve.url} presents a CA with hash sha256:[0-9a-f]{64}, not sha256:0{64}`));

    const unreachable = await agentRefusal(['--server', 'https://127.0.0.1:1', '--token', token, '--ca-file', ca, ...base]);
    expect(unreachable.output.trim()).toBe(
      'pilothouse: cannot reach the API server at https://127.0.0.1:1 (ECONNREFUSED): check that the cluster is running and the URL (--server / kubeconfig) is right',
    );
  });

  it('refuses a token once it is deleted', async () => {
    const { token } = await createToken();
    const del = await cli(['token', 'delete', token.slice(0, 6), '--kubeconfig', serve.kubeconfig]);
    expect(del.stdout.trim()).toBe(`join token ${token.slice(0, 6)} deleted`);
    const r = await agentRefusal(['--server', serve.url, '--token', token, '--ca-file', join(serve.dataDir, 'pki', 'ca.crt'), '--name', 'agent-y', '--runtime', 'simulated']);
    expect(r.output).toMatch(/refused the join token \(401 Unauthorized\)/);
  });
});
