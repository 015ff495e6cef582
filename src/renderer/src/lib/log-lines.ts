/**
 * Log lines on their way to the terminal: a per-pod prefix in a stable colour for multi-pod
 * views, one string per batch (xterm parses one big write far faster than many small ones),
 * and the kept copy that "Download" saves (capped so a chatty pod cannot exhaust memory).
 */
import type { LogSource } from '../../../shared/ipc/stream-types';

const COLOURS = [36, 33, 35, 32, 34, 91, 96, 93, 95, 92, 94];

/** A stable ANSI colour for a source name (same pod, same colour across reloads). */
export function colourFor(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) | 0;
  return COLOURS[Math.abs(h) % COLOURS.length];
}

export function sourceLabel(source: LogSource, showContainer: boolean): string {
  return showContainer ? `${source.pod}/${source.container}` : source.pod;
}

/**
 * One terminal write for a batch of lines: CRLF-joined, each line prefixed (`[web-abc] `) in its
 * source's colour when `prefix` is given.
 */
export function formatBatch(lines: readonly string[], prefix?: string): string {
  if (!lines.length) return '';
  if (!prefix) return `${lines.join('\r\n')}\r\n`;
  const head = `\x1b[${colourFor(prefix)}m[${prefix}]\x1b[0m `;
  return `${head}${lines.join(`\r\n${head}`)}\r\n`;
}

/** The lines received so far, for download: plain text, newest kept when over `maxLines`. */
export class LogBuffer {
  private chunks: string[][] = [];
  private count = 0;
  /** Lines dropped from the start because the buffer was full. */
  dropped = 0;

  constructor(readonly maxLines = 200_000) {}

  add(lines: readonly string[], prefix?: string): void {
    const copy = prefix ? lines.map((l) => `[${prefix}] ${l}`) : lines.slice();
    this.chunks.push(copy);
    this.count += copy.length;
    while (this.count > this.maxLines && this.chunks.length > 1) {
      const first = this.chunks.shift()!;
      this.count -= first.length;
      this.dropped += first.length;
    }
  }

  get lineCount(): number {
    return this.count;
  }

  text(): string {
    return this.chunks.map((c) => c.join('\n')).join('\n') + (this.count ? '\n' : '');
  }

  clear(): void {
    this.chunks = [];
    this.count = 0;
    this.dropped = 0;
  }
}
