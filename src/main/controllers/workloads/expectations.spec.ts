import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../apiserver/testing/in-process-server.js';
import { ControllerExpectations } from './expectations.js';

describe('ControllerExpectations', () => {
  it('is satisfied for unknown keys and once every creation was observed', () => {
    const e = new ControllerExpectations(new ManualClock());
    expect(e.satisfied('dev/web')).toBe(true);
    e.expectCreations('dev/web', 2);
    expect(e.satisfied('dev/web')).toBe(false);
    e.creationObserved('dev/web');
    expect(e.satisfied('dev/web')).toBe(false);
    e.creationObserved('dev/web');
    expect(e.satisfied('dev/web')).toBe(true);
  });

  it('counts each awaited deletion once, whatever the number of events', () => {
    const e = new ControllerExpectations(new ManualClock());
    e.expectDeletions('dev/web', ['dev/a', 'dev/b']);
    e.deletionObserved('dev/web', 'dev/a');
    e.deletionObserved('dev/web', 'dev/a'); // graceful delete then final delete
    e.deletionObserved('dev/web', 'dev/zzz'); // not one we deleted
    expect(e.pendingFor('dev/web')).toEqual({ add: 0, del: 1 });
    e.deletionObserved('dev/web', 'dev/b');
    expect(e.satisfied('dev/web')).toBe(true);
  });

  it('gives up waiting after the timeout', () => {
    const clock = new ManualClock();
    const e = new ControllerExpectations(clock);
    e.expectCreations('dev/web', 3);
    clock.advance(299);
    expect(e.satisfied('dev/web')).toBe(false);
    clock.advance(2);
    expect(e.satisfied('dev/web')).toBe(true);
  });

  it('forgets deleted controllers', () => {
    const e = new ControllerExpectations(new ManualClock());
    e.expectCreations('dev/web', 3);
    e.delete('dev/web');
    expect(e.satisfied('dev/web')).toBe(true);
  });
});
