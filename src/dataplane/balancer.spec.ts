import { describe, expect, it } from 'vitest';
import { Balancer } from './balancer.js';

const eps = [{ ip: '10.100.0.1', port: 80 }, { ip: '10.100.0.2', port: 80 }, { ip: '10.100.0.3', port: 80 }];

describe('Balancer', () => {
  it('goes round robin over the endpoints', () => {
    const b = new Balancer();
    const picks = Array.from({ length: 6 }, () => b.pick('svc', eps)!.ip);
    expect(picks).toEqual(['10.100.0.1', '10.100.0.2', '10.100.0.3', '10.100.0.1', '10.100.0.2', '10.100.0.3']);
  });

  it('skips excluded endpoints and returns nothing when none is left', () => {
    const b = new Balancer();
    const exclude = new Set(['10.100.0.1:80', '10.100.0.2:80']);
    expect(b.pick('svc', eps, { exclude })!.ip).toBe('10.100.0.3');
    expect(b.pick('svc', eps, { exclude: new Set([...exclude, '10.100.0.3:80']) })).toBeUndefined();
    expect(b.pick('svc', [])).toBeUndefined();
  });

  it('keeps a client on its endpoint with ClientIP affinity until the timeout, or until the endpoint goes', () => {
    let now = 0;
    const b = new Balancer(() => now);
    const first = b.pick('svc', eps, { clientIP: '10.100.0.9', affinitySeconds: 10 })!;
    for (let i = 0; i < 5; i++) expect(b.pick('svc', eps, { clientIP: '10.100.0.9', affinitySeconds: 10 })).toEqual(first);
    expect(b.pick('svc', eps, { clientIP: '10.100.0.8', affinitySeconds: 10 })).not.toEqual(first);
    now += 9_000; // each use extends the affinity
    expect(b.pick('svc', eps, { clientIP: '10.100.0.9', affinitySeconds: 10 })).toEqual(first);
    now += 11_000;
    const afterExpiry = new Set(Array.from({ length: 3 }, () => b.pick('svc', eps, { clientIP: '10.100.0.9', affinitySeconds: 10 })!.ip));
    expect(afterExpiry.size).toBe(1); // a new affinity was made...
    const sticky = [...afterExpiry][0];
    const remaining = eps.filter((e) => e.ip !== sticky);
    expect(remaining.map((e) => e.ip)).toContain(b.pick('svc', remaining, { clientIP: '10.100.0.9', affinitySeconds: 10 })!.ip); // ...and it moves when its endpoint is gone
  });
});
