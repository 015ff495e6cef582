/**
 * Turns raw log chunks into whole lines per source and hands them on in batches: at most one
 * event per source every `windowMs` (default 25 ms), or at once past `maxLines`, so 50,000
 * lines a second arrive as a few dozen events. A partial last line waits for its newline (or
 * `end`).
 */
import type { LogSource } from '../../../shared/ipc/stream-types.js';

export class LineBatcher {
  private readonly partial = new Map<string, string>();
  private readonly pending = new Map<string, { source: LogSource; lines: string[] }>();
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly emit: (source: LogSource, lines: string[]) => void,
    private readonly windowMs = 25,
    private readonly maxLines = 5000,
  ) {}

  write(source: LogSource, text: string): void {
    const key = `${source.pod}/${source.container}`;
    const parts = ((this.partial.get(key) ?? '') + text).split('\n');
    this.partial.set(key, parts.pop()!);
    if (parts.length === 0) return;
    this.push(key, source, parts.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)));
  }

  /** The source ended: its unterminated last line counts as a line. */
  end(source: LogSource): void {
    const key = `${source.pod}/${source.container}`;
    const rest = this.partial.get(key);
    this.partial.delete(key);
    if (rest) this.push(key, source, [rest]);
    this.flush();
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const { source, lines } of this.pending.values()) this.emit(source, lines);
    this.pending.clear();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.partial.clear();
  }

  private push(key: string, source: LogSource, lines: string[]): void {
    let p = this.pending.get(key);
    if (!p) this.pending.set(key, (p = { source, lines: [] }));
    for (const l of lines) p.lines.push(l);
    if (p.lines.length >= this.maxLines) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
  }
}
