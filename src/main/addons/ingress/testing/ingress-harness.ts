/**
 * What every ingress spec starts with: a real in-process API server with a namespace, fake pods
 * on the fake pod network, and an IngressController listening on a free 127.0.0.1 port. Also
 * `until`, the project's `eventually` with a short poll interval.
 */
import { eventually } from '../../../../../test/support/in-process-cluster.js';
import { startTestServer, type TestServer } from '../../../apiserver/testing/in-process-server.js';
import type { ApiClient } from '../../../client/api-client.js';
import { IngressController, type IngressControllerOptions } from '../ingress-controller.js';
import { FakePodNetwork } from './pod-network.js';

export interface IngressHarness {
  api: TestServer;
  pods: FakePodNetwork;
  controller: IngressController;
  /** The port the controller listens on. */
  port: number;
  /** Stops the controller (if still running), the pods and the API server. */
  close(): Promise<void>;
}

export interface IngressHarnessOptions {
  namespace: string;
  /** `[ip, name, containerPort = 8080]` for each fake pod. */
  pods: [ip: string, name: string, containerPort?: number][];
  /** Runs once the API server is up, before the controller starts (create objects here). */
  prepare?: (api: TestServer) => Promise<void>;
  /** The client the controller uses; default the server's admin client. */
  client?: (api: TestServer) => ApiClient;
  /** More controller options. */
  controller?: Partial<IngressControllerOptions>;
}

export async function startIngressHarness(o: IngressHarnessOptions): Promise<IngressHarness> {
  const api = await startTestServer({ namespaces: [o.namespace] });
  const pods = new FakePodNetwork();
  let controller: IngressController | undefined;
  const close = async () => {
    await controller?.stop();
    await pods.close();
    await api.close();
  };
  try {
    for (const [ip, name, containerPort] of o.pods) await pods.addPod(ip, name, containerPort);
    await o.prepare?.(api);
    controller = new IngressController({ client: o.client?.(api) ?? api.client, dial: pods.dial, port: 0, ...o.controller });
    const { port } = await controller.start();
    return { api, pods, controller, port, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Polls `check` every 25 ms for up to 10 s until it returns a truthy value. */
export function until<T>(check: () => Promise<T | undefined | false>, what: string): Promise<T> {
  return eventually(check, what, 10_000, 25);
}
