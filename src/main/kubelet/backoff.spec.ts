/** CrashLoopBackOff / ImagePullBackOff arithmetic (client-go flowcontrol.Backoff). */
import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';
import { goDuration } from './kubelet-events.js';

const S = 1000;

describe('Backoff', () => {
  it('starts at 10s, doubles per failure and stops at 300s', () => {
    const b = new Backoff({ initialMs: 10 * S, maxMs: 300 * S });
    const windows: number[] = [];
    let t = 0;
    for (let i = 0; i < 8; i++) {
      b.next('k', t);
      windows.push(b.get('k') / S);
      t += b.get('k'); // the next crash comes right after the window
    }
    expect(windows).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
  });

  it('the first restart has no delay; the second waits for the window since the last exit', () => {
    const b = new Backoff({ initialMs: 10 * S, maxMs: 300 * S });
    expect(b.isInBackOffSince('k', 0, 0)).toBe(false); // first exit: restart at once
    b.next('k', 0);
    const secondExit = 2 * S;
    expect(b.isInBackOffSince('k', secondExit, secondExit + 9_999)).toBe(true);
    expect(b.remaining('k', secondExit, secondExit + 4 * S)).toBe(6 * S);
    expect(b.isInBackOffSince('k', secondExit, secondExit + 10 * S)).toBe(false);
  });

  it('resets after running for more than 2 × max (10 minutes)', () => {
    const b = new Backoff({ initialMs: 10 * S, maxMs: 300 * S });
    b.next('k', 0);
    b.next('k', 20 * S);
    b.next('k', 60 * S);
    expect(b.get('k')).toBe(40 * S);
    const lateExit = 60 * S + 600 * S + 1;
    expect(b.isInBackOffSince('k', lateExit, lateExit)).toBe(false);
    b.next('k', lateExit);
    expect(b.get('k')).toBe(10 * S);
  });

  it('image pulls back off since the last failed attempt; gc and prefixes forget keys', () => {
    const b = new Backoff({ initialMs: 10 * S, maxMs: 300 * S });
    b.next('uid_img', 5 * S);
    expect(b.isInBackOffSinceUpdate('uid_img', 14 * S)).toBe(true);
    expect(b.remainingSinceUpdate('uid_img', 14 * S)).toBe(1 * S);
    expect(b.isInBackOffSinceUpdate('uid_img', 15 * S)).toBe(false);
    b.next('uid/app', 0);
    b.resetPrefix('uid/');
    expect(b.get('uid/app')).toBe(0);
    b.gc(5 * S + 601 * S);
    expect(b.size).toBe(0);
  });

  it('formats windows the way Go prints durations', () => {
    expect([0, 100, 10_000, 80_000, 160_000, 300_000, 3_600_000].map(goDuration)).toEqual(['0s', '100ms', '10s', '1m20s', '2m40s', '5m0s', '1h0m0s']);
  });
});
