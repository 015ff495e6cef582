import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { TEMPLATES, formProblems, randomSecret, templateYaml } from './deploy-templates';

const byId = (id: string) => TEMPLATES.find((t) => t.id === id)!;

describe('deploy templates', () => {
  it('offers a web server, a key-value store, a database, a demo app with Service and Ingress, and a one-off task', () => {
    expect(TEMPLATES.map((t) => t.id)).toEqual(['web-server', 'key-value', 'database', 'demo-app', 'task']);
  });

  it('turns the form into labelled objects in one multi-document YAML', () => {
    const t = byId('demo-app');
    const text = templateYaml(t, { ...t.defaults, name: 'shop', namespace: 'team', replicas: 4, port: 8080 }, () => 'x');
    const docs = parseAllDocuments(text).map((d) => d.toJS());
    expect(docs.map((d) => d.kind)).toEqual(['Deployment', 'Service', 'Ingress']);
    expect(docs.every((d) => d.metadata.labels.app === 'shop' && d.metadata.namespace === 'team')).toBe(true);
    expect(docs[0].spec.replicas).toBe(4);
    expect(docs[0].spec.template.spec.containers[0].ports[0].containerPort).toBe(8080);
    expect(docs[2].spec.rules[0].http.paths[0].backend.service).toEqual({ name: 'shop', port: { number: 8080 } });
  });

  it('puts the database password in a Secret the container reads', () => {
    const t = byId('database');
    const docs = parseAllDocuments(templateYaml(t, { ...t.defaults, namespace: 'default' }, () => 'pw')).map((d) => d.toJS());
    expect(docs[0]).toMatchObject({ kind: 'Secret', stringData: { POSTGRES_PASSWORD: 'pw' } });
    expect(docs[1].spec.template.spec.containers[0].envFrom[0].secretRef.name).toBe('db-credentials');
    expect(randomSecret()).toMatch(/^[A-Za-z0-9]{24}$/);
  });

  it('rejects bad names, replicas, ports and empty commands before generating anything', () => {
    const web = byId('web-server');
    expect(formProblems(web, { ...web.defaults, namespace: 'default' })).toEqual({});
    const p = formProblems(web, { ...web.defaults, namespace: 'default', name: 'Web_1', replicas: -1, port: 70000 });
    expect(Object.keys(p).sort()).toEqual(['name', 'port', 'replicas']);
    const task = byId('task');
    expect(formProblems(task, { ...task.defaults, namespace: 'default', command: ' ' })).toEqual({ command: 'required' });
  });
});
