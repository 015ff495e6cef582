/**
 * Click-to-deploy templates: each turns a short form (name, replicas, image, port) into the
 * objects to apply. Plain data in, plain Kubernetes objects out — the gallery, the preview and
 * the editor all use the same YAML. Every object carries `app: NAME`, which is how the progress
 * panel finds the pods that come up.
 */
import { stringify } from 'yaml';

export interface DeployForm {
  name: string;
  namespace: string;
  replicas: number;
  image: string;
  port: number;
  /** Only for the one-off task. */
  command: string;
}

export type Field = 'replicas' | 'port' | 'command';

export interface DeployTemplate {
  id: string;
  title: string;
  description: string;
  /** A short badge shown on the card (text, so it renders without emoji fonts). */
  badge: string;
  /** Which form fields apply (name, namespace and image always do). */
  fields: Field[];
  defaults: Omit<DeployForm, 'namespace'>;
  objects(form: DeployForm, secret: () => string): Record<string, unknown>[];
}

type Obj = Record<string, unknown>;

const meta = (f: DeployForm, extra: Obj = {}) => ({ name: f.name, namespace: f.namespace, labels: { app: f.name, 'app.kubernetes.io/created-by': 'pilothouse' }, ...extra });

function deployment(f: DeployForm, container: Obj): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(f),
    spec: {
      replicas: f.replicas,
      selector: { matchLabels: { app: f.name } },
      template: { metadata: { labels: { app: f.name } }, spec: { containers: [{ name: f.name, image: f.image, ports: [{ containerPort: f.port }], ...container }] } },
    },
  };
}

function service(f: DeployForm, type: 'ClusterIP' | 'NodePort'): Obj {
  return { apiVersion: 'v1', kind: 'Service', metadata: meta(f), spec: { type, selector: { app: f.name }, ports: [{ name: 'main', port: f.port, targetPort: f.port, protocol: 'TCP' }] } };
}

const tcpReadiness = (port: number) => ({ readinessProbe: { tcpSocket: { port }, periodSeconds: 5 } });

export const TEMPLATES: DeployTemplate[] = [
  {
    id: 'web-server',
    title: 'Web server',
    description: 'An HTTP server behind a NodePort Service you can open from this machine.',
    badge: 'WEB',
    fields: ['replicas', 'port'],
    defaults: { name: 'web', replicas: 2, image: 'nginx:1.27-alpine', port: 80, command: '' },
    objects: (f) => [deployment(f, tcpReadiness(f.port)), service(f, 'NodePort')],
  },
  {
    id: 'key-value',
    title: 'Key-value store',
    description: 'Redis, reachable inside the cluster at NAME:6379.',
    badge: 'KV',
    fields: ['port'],
    defaults: { name: 'cache', replicas: 1, image: 'redis:7-alpine', port: 6379, command: '' },
    objects: (f) => [deployment({ ...f, replicas: 1 }, tcpReadiness(f.port)), service(f, 'ClusterIP')],
  },
  {
    id: 'database',
    title: 'Database',
    description: 'PostgreSQL with a generated password kept in a Secret.',
    badge: 'DB',
    fields: ['port'],
    defaults: { name: 'db', replicas: 1, image: 'postgres:16-alpine', port: 5432, command: '' },
    objects: (f, secret) => [
      { apiVersion: 'v1', kind: 'Secret', metadata: meta(f, { name: `${f.name}-credentials` }), type: 'Opaque', stringData: { POSTGRES_PASSWORD: secret() } },
      deployment({ ...f, replicas: 1 }, { envFrom: [{ secretRef: { name: `${f.name}-credentials` } }], ...tcpReadiness(f.port) }),
      service(f, 'ClusterIP'),
    ],
  },
  {
    id: 'demo-app',
    title: 'Demo app with Service and Ingress',
    description: 'A small HTTP app, a Service in front of it and an Ingress routing NAME.localhost to it.',
    badge: 'APP',
    fields: ['replicas', 'port'],
    defaults: { name: 'demo', replicas: 3, image: 'traefik/whoami:v1.10', port: 80, command: '' },
    objects: (f) => [
      deployment(f, tcpReadiness(f.port)),
      service(f, 'ClusterIP'),
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        metadata: meta(f),
        spec: { rules: [{ host: `${f.name}.localhost`, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: f.name, port: { number: f.port } } } }] } }] },
      },
    ],
  },
  {
    id: 'task',
    title: 'One-off task',
    description: 'A pod that runs a command once and stops (restartPolicy: Never).',
    badge: 'JOB',
    fields: ['command'],
    defaults: { name: 'task', replicas: 1, image: 'busybox:1.36', port: 0, command: 'echo "Hello from Pilothouse"; date; uname -a' },
    objects: (f) => [
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: meta(f),
        spec: { restartPolicy: 'Never', containers: [{ name: f.name, image: f.image, command: ['sh', '-c', f.command] }] },
      },
    ],
  },
];

/** The objects of a template as one multi-document YAML text. */
export function templateYaml(t: DeployTemplate, form: DeployForm, secret: () => string): string {
  return t.objects(form, secret).map((o) => stringify(o)).join('---\n');
}

/** Problems with the form, by field, before anything is generated. */
export function formProblems(t: DeployTemplate, f: DeployForm): Partial<Record<keyof DeployForm, string>> {
  const out: Partial<Record<keyof DeployForm, string>> = {};
  if (!/^[a-z]([-a-z0-9]{0,40}[a-z0-9])?$/.test(f.name)) out.name = 'lower-case letters, digits and "-", starting with a letter (at most 42 characters)';
  if (!f.namespace) out.namespace = 'required';
  if (!f.image.trim()) out.image = 'required';
  if (t.fields.includes('replicas') && (!Number.isInteger(f.replicas) || f.replicas < 0 || f.replicas > 1000)) out.replicas = 'a whole number from 0 to 1000';
  if (t.fields.includes('port') && (!Number.isInteger(f.port) || f.port < 1 || f.port > 65535)) out.port = 'a port from 1 to 65535';
  if (t.fields.includes('command') && !f.command.trim()) out.command = 'required';
  return out;
}

/** A random password for generated Secrets (24 characters from the browser's CSPRNG). */
export function randomSecret(): string {
  const alphabet = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}
