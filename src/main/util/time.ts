/** Kubernetes timestamps: RFC 3339 with second precision in UTC (`2026-11-29T03:04:05Z`). */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 with nanosecond-style fraction (used by log timestamps and MicroTime fields). */
export function rfc3339Micro(date: Date): string {
  return date.toISOString().replace(/Z$/, '000Z');
}

/** Injectable clock, so tests can drive time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
