import { describe, expect, it } from 'vitest';
import { withoutLastApplied } from './diff-text';

describe('withoutLastApplied', () => {
  it('drops the annotation and keeps everything else in place', () => {
    const text = `metadata:\n  name: web\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: '{"spec":{"replicas":2}}'\n    keep: me\nspec:\n  replicas: 3\n`;
    expect(withoutLastApplied(text)).toBe('metadata:\n  name: web\n  annotations:\n    keep: me\nspec:\n  replicas: 3\n');
    expect(withoutLastApplied(`metadata:\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: x\n`)).toBe('metadata: {}\n');
    expect(withoutLastApplied('a: 1\n')).toBe('a: 1\n');
  });
});
