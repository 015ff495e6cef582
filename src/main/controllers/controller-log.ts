/**
 * Structured log lines for controllers: a message plus named fields, printed as
 * `garbage-collector: deleting dependent kind=Pod namespace=default name=web-1`. Controllers take
 * a `ControllerLog` option; the default keeps routine decisions quiet.
 */
export type LogFields = Record<string, string | number | boolean | undefined>;

export type ControllerLog = (message: string, fields?: LogFields) => void;

export const silentLog: ControllerLog = () => {};

/** A log that prints to the console with the controller's name in front. */
export function consoleLog(component: string): ControllerLog {
  return (message, fields) => console.info(formatLogLine(component, message, fields));
}

export function formatLogLine(component: string, message: string, fields: LogFields = {}): string {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${typeof v === 'string' && /[\s"=]/.test(v) ? JSON.stringify(v) : String(v)}`);
  return [`${component}: ${message}`, ...parts].join(' ');
}
