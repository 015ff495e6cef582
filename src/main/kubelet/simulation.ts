/**
 * How a simulated container should behave, derived from its pod. Real runtimes ignore the result
 * (`ContainerConfig.simulation`); the simulated runtime acts it out.
 *
 * Annotations (each value is a `;`-separated list of entries; an entry prefixed with
 * `<container>:` applies to that container only, otherwise to every container; a container's own
 * entry wins over the general one):
 *
 * - `pilothouse.dev/simulate-exit: "code=1,after=2s"` — the process exits with `code` after
 *   `after` (`500ms`, `2s`, `1m`, or plain seconds). `code` alone exits at once; `after` alone
 *   exits with 0. `term=5s` makes it take 5s to stop on SIGTERM (killed at the grace period).
 *   Example: `"app:code=1,after=2s;sidecar:term=10s"`.
 * - `pilothouse.dev/simulate-probes: "readiness=fail"` — the listed probe kinds fail
 *   (`liveness`, `readiness`, `startup`); all probes pass otherwise. Example: `"web:liveness=fail"`.
 *
 * Without an annotation the command is read: `true` exits 0 and `false` 1 at once, `exit N`
 * exits N, `sleep N` exits 0 after N seconds (also inside `sh -c`, e.g. `sleep 3; exit 2`). Init
 * containers (other than sidecars) exit 0 at once unless told otherwise; other containers run
 * until stopped.
 */
import type { ContainerSimulation, ProbeKind } from '../runtime/types.js';
import type { Container, Pod } from '../apiserver/kinds/pod-types.js';

export const SIMULATE_EXIT_ANNOTATION = 'pilothouse.dev/simulate-exit';
export const SIMULATE_PROBES_ANNOTATION = 'pilothouse.dev/simulate-probes';

const PROBE_KINDS: ProbeKind[] = ['liveness', 'readiness', 'startup'];

/** The simulation for one container of `pod`; `isInit` for (non-sidecar) init containers. */
export function containerSimulation(pod: Pod, container: Container, isInit: boolean): ContainerSimulation {
  const annotations = pod.metadata.annotations ?? {};
  const name = container.name ?? '';
  const sim: ContainerSimulation = {};
  const exitEntry = entryFor(annotations[SIMULATE_EXIT_ANNOTATION], name);
  if (exitEntry) Object.assign(sim, parseExitEntry(exitEntry));
  else Object.assign(sim, fromCommand([...(container.command ?? []), ...(container.args ?? [])]));
  if (isInit && sim.runSeconds === undefined && sim.exitCode === undefined) {
    sim.exitCode = 0;
    sim.runSeconds = 0;
  }
  const probeEntry = entryFor(annotations[SIMULATE_PROBES_ANNOTATION], name);
  if (probeEntry) {
    const failing = Object.entries(parsePairs(probeEntry))
      .filter(([kind, v]) => PROBE_KINDS.includes(kind as ProbeKind) && v === 'fail')
      .map(([kind]) => kind as ProbeKind);
    if (failing.length) sim.failingProbes = failing;
  }
  return sim;
}

/** The entry for `container`, else the general entry, from a `;`-separated annotation value. */
function entryFor(value: string | undefined, container: string): string | undefined {
  if (!value) return undefined;
  let general: string | undefined;
  for (const raw of value.split(';')) {
    const entry = raw.trim();
    if (!entry) continue;
    const m = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?):(.*)$/.exec(entry);
    if (m && !m[3].startsWith('/')) {
      if (m[1] === container) return m[3];
    } else general ??= entry;
  }
  return general;
}

function parsePairs(entry: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of entry.split(',')) {
    const [k, v = ''] = part.split('=').map((s) => s.trim());
    if (k) out[k] = v;
  }
  return out;
}

/** Parses `code=1,after=2s,term=5s`; unknown keys and bad values are ignored. */
export function parseExitEntry(entry: string): ContainerSimulation {
  const pairs = parsePairs(entry);
  const sim: ContainerSimulation = {};
  const code = Number(pairs.code);
  if (pairs.code !== undefined && Number.isInteger(code)) sim.exitCode = code;
  const after = parseDurationSeconds(pairs.after);
  if (after !== undefined) sim.runSeconds = after;
  if (sim.exitCode !== undefined && sim.runSeconds === undefined) sim.runSeconds = 0;
  const term = parseDurationSeconds(pairs.term);
  if (term !== undefined) sim.terminationSeconds = term;
  return sim;
}

/** `500ms`, `2s`, `1m`, `1h`, or a plain number of seconds. */
export function parseDurationSeconds(text: string | undefined): number | undefined {
  if (text === undefined || text === '') return undefined;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return { ms: n / 1000, s: n, m: n * 60, h: n * 3600 }[m[2] ?? 's'];
}

/** Reads a command line for `true`, `false`, `exit N` and `sleep N` (possibly under `sh -c`). */
function fromCommand(words: string[]): ContainerSimulation {
  if (words.length === 0) return {};
  const shell = /(^|\/)(sh|bash|ash)$/.test(words[0]) && words[1] === '-c';
  const steps = shell ? (words[2] ?? '').split(/;|&&/).map((s) => s.trim().split(/\s+/)) : [words];
  let runSeconds = 0;
  for (const step of steps) {
    const cmd = (step[0] ?? '').split('/').pop();
    if (cmd === 'sleep') {
      const s = parseDurationSeconds(step[1]);
      if (s === undefined) return {};
      runSeconds += s;
      continue;
    }
    if (cmd === 'true') return { exitCode: 0, runSeconds };
    if (cmd === 'false') return { exitCode: 1, runSeconds };
    if (cmd === 'exit') return { exitCode: Number(step[1] ?? 0) || 0, runSeconds };
    return {};
  }
  return { exitCode: 0, runSeconds };
}
