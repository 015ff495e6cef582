/** Docker errors as runtime errors, and object names (pure). */
import { describe, expect, it } from 'vitest';
import { RuntimeUnavailableError } from '../types.js';
import { daemonMessage, describeError } from './errors.js';
import { objectName } from './names.js';

describe('Docker errors', () => {
  it('keeps the daemon message and names the operation', () => {
    const daemon = Object.assign(new Error('(HTTP code 409) unexpected - Conflict. The container name "/x" is already in use'), { statusCode: 409 });
    expect(daemonMessage(daemon)).toBe('Conflict. The container name "/x" is already in use');
    const e = describeError('/var/run/docker.sock', 'create container app', daemon) as Error & { statusCode?: number };
    expect(e.message).toBe('docker: create container app: Conflict. The container name "/x" is already in use');
    expect(e.statusCode).toBe(409);
  });

  it('explains an unreachable or forbidden socket', () => {
    const refused = describeError('/s.sock', 'info', Object.assign(new Error('connect ECONNREFUSED /s.sock'), { code: 'ECONNREFUSED' }));
    expect(refused).toBeInstanceOf(RuntimeUnavailableError);
    expect(refused.message).toMatch(/^Docker is not running or not reachable at \/s\.sock: start Docker Desktop \/ dockerd/);
    const denied = describeError('/s.sock', 'info', Object.assign(new Error('connect EACCES /s.sock'), { code: 'EACCES' }));
    expect(denied.message).toMatch(/may not use \/s\.sock .*"docker" group/);
    const own = new Error('already clear');
    expect(describeError('/s.sock', 'x', own)).toBe(own);
  });

  it('names objects readably and safely', () => {
    expect(objectName({ node: 'n 1', podName: 'web', podNamespace: 'default', podUid: 'ab-cd', container: 'app', attempt: 0 })).toBe('pilothouse_n-1_web_default_app_0_abcd');
  });
});
