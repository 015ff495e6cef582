import { describe, expect, it } from 'vitest';
import { deploymentStrategy, type Deployment } from './deployment.js';
import { errorTexts } from './spec-support.js';

function deployment(spec: Deployment['spec']): Deployment {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec };
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } };

function check(spec: Deployment['spec']): string[] {
  const d = deployment(spec);
  deploymentStrategy.defaults(d);
  return errorTexts(deploymentStrategy.validate(d));
}

describe('deployment defaults', () => {
  it('fills replicas, strategy, history, deadline and the template', () => {
    const d = deployment({ selector: { matchLabels: { app: 'web' } }, template: structuredClone(template) });
    deploymentStrategy.defaults(d);
    expect(d.spec).toMatchObject({
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      template: { spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 } },
    });
    expect(d.spec?.template?.spec?.containers?.[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', resources: {} });
    expect(d.spec?.template?.spec?.enableServiceLinks).toBeUndefined();
  });

  it('leaves Recreate without rollingUpdate', () => {
    const d = deployment({ strategy: { type: 'Recreate' }, selector: { matchLabels: { app: 'web' } }, template: structuredClone(template) });
    deploymentStrategy.defaults(d);
    expect(d.spec?.strategy).toEqual({ type: 'Recreate' });
  });
});

describe('deployment validation', () => {
  it('a well-formed deployment is valid', () => {
    expect(check({ selector: { matchLabels: { app: 'web' } }, template: structuredClone(template) })).toEqual([]);
  });

  it('negative replicas', () => {
    expect(check({ replicas: -1, selector: { matchLabels: { app: 'web' } }, template: structuredClone(template) })).toEqual([
      'spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    ]);
  });

  it('a missing selector also fails to match the template labels', () => {
    expect(check({ template: structuredClone(template) })).toEqual([
      'spec.selector: Required value',
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('selector must match the template labels', () => {
    expect(check({ selector: { matchLabels: { app: 'api' } }, template: structuredClone(template) })).toEqual([
      'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`',
    ]);
  });

  it('an empty selector is invalid', () => {
    expect(check({ selector: {}, template: structuredClone(template) })).toEqual(['spec.selector: Invalid value: {}: empty selector is invalid for deployment']);
  });

  it('template containers are validated at their full path', () => {
    const t = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web' }] } };
    expect(check({ selector: { matchLabels: { app: 'web' } }, template: t })).toEqual(['spec.template.spec.containers[0].image: Required value']);
  });

  it('pods of a deployment must restart Always', () => {
    const t = structuredClone(template) as typeof template & { spec: { restartPolicy?: string } };
    t.spec.restartPolicy = 'Never';
    expect(check({ selector: { matchLabels: { app: 'web' } }, template: t })).toEqual([
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it('rolling update parameters', () => {
    const spec = {
      selector: { matchLabels: { app: 'web' } },
      template: structuredClone(template),
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } },
    };
    expect(check(spec)).toEqual(['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "0%": may not be 0 when `maxSurge` is 0']);
    spec.strategy.rollingUpdate = { maxSurge: 1, maxUnavailable: '150%' };
    expect(check(spec)).toEqual(['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%']);
  });

  it('the selector is immutable', () => {
    const old = deployment({ selector: { matchLabels: { app: 'web' } }, template: structuredClone(template) });
    deploymentStrategy.defaults(old);
    const next = structuredClone(old);
    next.spec!.selector = { matchLabels: { app: 'web', tier: 'front' } };
    next.spec!.template!.metadata!.labels = { app: 'web', tier: 'front' };
    expect(errorTexts(deploymentStrategy.validateUpdate(next, old))).toEqual([
      'spec.selector: Invalid value: {"matchLabels":{"app":"web","tier":"front"}}: field is immutable',
    ]);
  });
});

describe('deployment table', () => {
  it('READY UP-TO-DATE AVAILABLE AGE | CONTAINERS IMAGES SELECTOR', () => {
    const d = deployment({ replicas: 3, selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }] }, template: structuredClone(template) });
    d.metadata.creationTimestamp = '2024-05-01T11:59:00Z';
    d.status = { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 };
    expect(deploymentStrategy.table.columns.map((c) => c.name)).toEqual(['Ready', 'Up-to-date', 'Available', 'Age', 'Containers', 'Images', 'Selector']);
    expect(deploymentStrategy.table.cells(d, new Date('2024-05-01T12:00:00Z'))).toEqual([
      '2/3', 3, 2, '60s', 'web', 'nginx:1.27', 'app=web,env in (dev,prod)',
    ]);
  });
});
