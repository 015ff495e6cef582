/**
 * Real request bodies captured from kubectl v1.32 (see fixtures/README.md), decoded and compared
 * with the JSON the same kubectl command prints with `--dry-run=client -o json`: the object a
 * JSON client would have sent (minus `creationTimestamp: null`, which the decoder leaves out).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { definitionForKind } from '../schema/index.js';
import { validateFields } from '../schema/strict.js';
import { decodeKubernetesProtobuf, parseApiVersion } from './decode.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const names = readdirSync(dir)
  .filter((f) => f.endsWith('.b64'))
  .map((f) => f.slice(0, -'.b64'.length));

describe('bodies captured from kubectl', () => {
  it('has the captures', () => {
    expect(names.length).toBeGreaterThanOrEqual(10);
  });

  it.each(names)('%s decodes to the JSON kubectl would send', (name) => {
    const body = Buffer.from(readFileSync(join(dir, `${name}.b64`), 'utf8').replace(/\s+/g, ''), 'base64');
    const expected = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) as Record<string, unknown>;
    const { apiVersion, kind, object } = decodeKubernetesProtobuf(body);
    expect(object).toEqual(expected);
    const { group, version } = parseApiVersion(apiVersion);
    const definition = definitionForKind(group, version, kind);
    expect(validateFields(object, definition!.name)).toEqual({ unknownFields: [], typeErrors: [] });
  });
});
