import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { renderKubeconfig } from '../cluster/kubeconfig.js';
import { KubeconfigError, loadKubeconfigCredentials } from './kubeconfig-credentials.js';

const dir = mkdtempSync(join(tmpdir(), 'pilothouse-kubeconfig-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CA = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

function write(name: string, doc: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof doc === 'string' ? doc : stringify(doc));
  return path;
}

const config = (cluster: object, user: object, extra: object = {}) => ({
  apiVersion: 'v1', kind: 'Config', 'current-context': 'c',
  clusters: [{ name: 'k', cluster }], users: [{ name: 'u', user }], contexts: [{ name: 'c', context: { cluster: 'k', user: 'u' } }], ...extra,
});

describe('loadKubeconfigCredentials', () => {
  it('reads what pilothouse serve writes', () => {
    const path = write('serve', renderKubeconfig({ name: 'pilothouse', server: 'https://127.0.0.1:6443', caCert: CA, token: 'tok' }));
    expect(loadKubeconfigCredentials(path)).toEqual({ context: 'pilothouse', server: 'https://127.0.0.1:6443', ca: CA, token: 'tok', clientCertificate: undefined });
  });

  it('reads files relative to the kubeconfig, token files and client certificates', () => {
    writeFileSync(join(dir, 'ca.crt'), CA);
    writeFileSync(join(dir, 'token'), 'from-file\n');
    writeFileSync(join(dir, 'client.crt'), 'CERT');
    writeFileSync(join(dir, 'client.key'), 'KEY');
    const path = write('files', config({ server: 'https://h:1', 'certificate-authority': 'ca.crt' }, { tokenFile: 'token', 'client-certificate': 'client.crt', 'client-key': 'client.key' }));
    expect(loadKubeconfigCredentials(path)).toMatchObject({ ca: CA, token: 'from-file', clientCertificate: { cert: 'CERT', key: 'KEY' } });
  });

  it('picks a named context', () => {
    const doc = config({ server: 'https://h:1', 'certificate-authority-data': Buffer.from(CA).toString('base64') }, { token: 't' });
    doc.contexts.push({ name: 'other', context: { cluster: 'k', user: 'u' } });
    expect(loadKubeconfigCredentials(write('ctx', doc), 'other').context).toBe('other');
    expect(() => loadKubeconfigCredentials(write('ctx2', doc), 'missing')).toThrow(/has no context named "missing"/);
  });

  it('says what is missing, and never skips verification', () => {
    const ca = { 'certificate-authority-data': Buffer.from(CA).toString('base64') };
    expect(() => loadKubeconfigCredentials(join(dir, 'absent'))).toThrow(/cannot read kubeconfig .*absent: ENOENT/);
    expect(() => loadKubeconfigCredentials(write('insecure', config({ server: 'https://h:1', 'insecure-skip-tls-verify': true }, { token: 't' })))).toThrow(
      /sets insecure-skip-tls-verify; Pilothouse only talks to servers it can verify/,
    );
    expect(() => loadKubeconfigCredentials(write('noca', config({ server: 'https://h:1' }, { token: 't' })))).toThrow(/no certificate-authority-data/);
    expect(() => loadKubeconfigCredentials(write('nouser', config({ server: 'https://h:1', ...ca }, { exec: {} })))).toThrow(/neither a token nor a client certificate/);
    expect(() => loadKubeconfigCredentials(write('noserver', config(ca, { token: 't' })))).toThrow(/has no server/);
    expect(() => loadKubeconfigCredentials(write('nocontext', { ...config(ca, {}), 'current-context': undefined }))).toThrow(KubeconfigError);
  });
});
