/** Docker events as runtime events (pure). */
import { describe, expect, it } from 'vitest';
import { LABELS } from '../types.js';
import { toRuntimeEvent } from './events.js';

describe('toRuntimeEvent', () => {
  const actor = { ID: 'c1', Attributes: { [LABELS.podUid]: 'u1', exitCode: '137' } };
  it('maps start, die (with exit code) and oom; ignores the rest', () => {
    const at = new Date(1_700_000_000_123);
    expect(toRuntimeEvent({ Action: 'die', Actor: actor, timeNano: at.getTime() * 1e6 })).toEqual({ type: 'container-died', containerId: 'c1', podUid: 'u1', exitCode: 137, at });
    expect(toRuntimeEvent({ Action: 'start', Actor: actor, time: 1_700_000_000 })).toMatchObject({ type: 'container-started', at: new Date(1_700_000_000_000) });
    expect(toRuntimeEvent({ Action: 'oom', Actor: actor })).toMatchObject({ type: 'container-oom', containerId: 'c1' });
    expect(toRuntimeEvent({ Action: 'create', Actor: actor })).toBeUndefined();
  });
});
