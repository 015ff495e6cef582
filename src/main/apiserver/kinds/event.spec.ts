import { describe, expect, it } from 'vitest';
import { eventStrategy, type Event } from './event.js';
import { errorTexts } from './spec-support.js';

const now = new Date('2024-05-01T12:00:00Z');

function event(extra: Partial<Event> = {}): Event {
  return {
    metadata: { name: 'web.17c8a', namespace: 'default' },
    involvedObject: { kind: 'Pod', namespace: 'default', name: 'web', uid: 'u1', apiVersion: 'v1', fieldPath: 'spec.containers{web}' },
    reason: 'Pulled',
    message: 'Successfully pulled image "nginx"\n',
    type: 'Normal',
    source: { component: 'kubelet', host: 'worker-1' },
    firstTimestamp: '2024-05-01T11:50:00Z',
    lastTimestamp: '2024-05-01T11:59:00Z',
    count: 2,
    ...extra,
  };
}

describe('Event', () => {
  it('the namespace must match the involved object', () => {
    expect(eventStrategy.validate(event())).toEqual([]);
    const e = event({ involvedObject: { kind: 'Pod', namespace: 'other', name: 'web' } });
    expect(errorTexts(eventStrategy.validate(e))).toEqual(['involvedObject.namespace: Invalid value: "other": does not match event.namespace']);
  });

  it('new-style events need reporting fields', () => {
    const e = event({ eventTime: '2024-05-01T11:59:00.000000Z', reason: undefined });
    expect(errorTexts(eventStrategy.validate(e))).toEqual([
      'reportingComponent: Required value',
      expect.stringMatching(/^reportingComponent: Invalid value: "": name part must be non-empty/),
      expect.stringMatching(/^reportingComponent: Invalid value: "": name part must consist/),
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ]);
  });

  it('has no leading Name column; Name is the last wide column', () => {
    expect(eventStrategy.table.nameColumn).toBe(false);
    const cols = eventStrategy.table.columns;
    expect(cols.filter((c) => c.priority === 0).map((c) => c.name)).toEqual(['Last Seen', 'Type', 'Reason', 'Object', 'Message']);
    expect(cols.at(-1)).toMatchObject({ name: 'Name', format: 'name', priority: 1 });
    expect(eventStrategy.table.cells(event(), now)).toEqual([
      '60s', 'Normal', 'Pulled', 'pod/web', 'spec.containers{web}', 'kubelet, worker-1', 'Successfully pulled image "nginx"', '10m', 2, 'web.17c8a',
    ]);
  });

  it('field selectors kubectl describe uses', () => {
    expect(eventStrategy.fieldSelectors(event())).toMatchObject({
      'involvedObject.kind': 'Pod',
      'involvedObject.namespace': 'default',
      'involvedObject.name': 'web',
      'involvedObject.uid': 'u1',
      reason: 'Pulled',
      source: 'kubelet',
      type: 'Normal',
    });
  });
});
