/** NodeConnections: in-process registrations first, then remote kubelets found through the Node's status. */
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../client/api-client.js';
import type { NodeStreaming } from '../../kubelet/server/streaming.js';
import type { Node } from '../kinds/node.js';
import { kubeletEndpoint, NodeConnections, AGENT_NODE_LABEL } from './node-connections.js';
import { RemoteNodeConnection } from './remote-node.js';

const CREDENTIALS = { ca: 'ca', cert: 'cert', key: 'key' };

function node(name: string, status?: Node['status']): Node {
  // Agents label their Node; only such nodes are dialled.
  return { apiVersion: 'v1', kind: 'Node', metadata: { name, labels: { [AGENT_NODE_LABEL]: 'true' } }, status };
}

function clientWith(nodes: Node[]): ApiClient {
  return { tryGet: async (_ref: unknown, _ns: unknown, name: string) => nodes.find((n) => n.metadata.name === name) } as unknown as ApiClient;
}

const fake = (nodeName: string) => ({ nodeName }) as NodeStreaming;

describe('NodeConnections', () => {
  it('answers registered in-process nodes; a later registration replaces an earlier one', async () => {
    const c = new NodeConnections({ client: clientWith([]) });
    const first = fake('a');
    const second = fake('a');
    const unregisterFirst = c.register('a', first);
    expect(await c.get('a')).toBe(first);
    const unregisterSecond = c.register('a', second);
    unregisterFirst();
    expect(await c.get('a')).toBe(second);
    expect(c.registered()).toEqual(['a']);
    unregisterSecond();
    await expect(c.get('a')).rejects.toMatchObject({ code: 503, message: expect.stringContaining('remote kubelets are not configured') });
  });

  it('dials a remote node at its InternalIP and kubelet port, and rebuilds when they change', async () => {
    const nodes = [node('far', { addresses: [{ type: 'Hostname', address: 'far' }, { type: 'InternalIP', address: '192.0.2.7' }], daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } })];
    const c = new NodeConnections({ client: clientWith(nodes), remote: CREDENTIALS });
    try {
      const conn = await c.get('far');
      expect(conn).toBeInstanceOf(RemoteNodeConnection);
      expect((conn as RemoteNodeConnection).endpoint).toEqual({ host: '192.0.2.7', port: 10250 });
      expect(await c.get('far')).toBe(conn);
      nodes[0].status!.daemonEndpoints = { kubeletEndpoint: { Port: 10251 } };
      expect(((await c.get('far')) as RemoteNodeConnection).endpoint.port).toBe(10251);
    } finally {
      c.close();
    }
  });

  it('pins a remote endpoint, and needs credentials to do so', async () => {
    const c = new NodeConnections({ client: clientWith([]), remote: CREDENTIALS });
    try {
      c.registerRemote('pinned', { host: '127.0.0.1', port: 4443 });
      expect(((await c.get('pinned')) as RemoteNodeConnection).endpoint).toEqual({ host: '127.0.0.1', port: 4443 });
      expect(c.registered()).toEqual(['pinned']);
    } finally {
      c.close();
    }
    expect(() => new NodeConnections({ client: clientWith([]) }).registerRemote('x', { host: '127.0.0.1', port: 1 })).toThrow(/credentials/);
  });

  it('answers 404 for an unknown node and 503 for one without a kubelet address', async () => {
    const c = new NodeConnections({ client: clientWith([node('bare')]), remote: CREDENTIALS });
    await expect(c.get('nope')).rejects.toMatchObject({ code: 404, message: 'nodes "nope" not found' });
    await expect(c.get('bare')).rejects.toMatchObject({ code: 503, message: expect.stringContaining('reports no kubelet address') });
    expect(kubeletEndpoint(node('h', { addresses: [{ type: 'Hostname', address: 'h.local' }], daemonEndpoints: { kubeletEndpoint: { Port: 1 } } }))).toEqual({ host: 'h.local', port: 1 });
  });
});
