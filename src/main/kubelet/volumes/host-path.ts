/**
 * `hostPath` volumes (upstream `pkg/volume/hostpath`): a path on the machine Pilothouse runs on
 * (the Docker host for local nodes, the agent's machine for agent nodes) bind-mounted into the
 * containers. The volume's `type` is checked (and `...OrCreate` types create the path) with
 * upstream's messages, e.g. `hostPath type check failed: /x is not a directory`.
 */
import { promises as fs, type Stats } from 'node:fs';
import { dirname } from 'node:path';

export async function checkHostPath(path: string, type: string | undefined): Promise<void> {
  const stat = await fs.stat(path).catch(() => undefined);
  switch (type ?? '') {
    case '':
      return;
    case 'DirectoryOrCreate':
      if (!stat) {
        await fs.mkdir(path, { recursive: true, mode: 0o755 });
        return;
      }
      return expect(stat.isDirectory(), path, 'a directory');
    case 'Directory':
      return expect(!!stat?.isDirectory(), path, 'a directory');
    case 'FileOrCreate':
      if (!stat) {
        await fs.mkdir(dirname(path), { recursive: true, mode: 0o755 });
        await (await fs.open(path, 'a', 0o644)).close();
        return;
      }
      return expect(stat.isFile(), path, 'a file');
    case 'File':
      return expect(!!stat?.isFile(), path, 'a file');
    case 'Socket':
      return expect(is(stat, (s) => s.isSocket()), path, 'a socket file');
    case 'CharDevice':
      return expect(is(stat, (s) => s.isCharacterDevice()), path, 'a character device');
    case 'BlockDevice':
      return expect(is(stat, (s) => s.isBlockDevice()), path, 'a block device');
    default:
      throw new Error(`${type} is an invalid volume type`);
  }
}

function is(stat: Stats | undefined, test: (s: Stats) => boolean): boolean {
  return stat !== undefined && test(stat);
}

function expect(ok: boolean, path: string, what: string): void {
  if (!ok) throw new Error(`hostPath type check failed: ${path} is not ${what}`);
}
