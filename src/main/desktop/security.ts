/**
 * The desktop window's security rules as plain functions (the Electron shell applies them):
 * the Content Security Policy, which frames may talk to main, and which URLs may be opened in
 * the system browser.
 */

/** CSP for the cockpit window: its own scripts only; it needs no network (everything is IPC). */
export function desktopCsp(dev: boolean, devServerUrl?: string): string {
  const connect = dev && devServerUrl ? `'self' ${devServerUrl.replace(/^http/, 'ws').replace(/\/$/, '')}` : "'none'";
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Is `frameUrl` the cockpit itself? In production the renderer is `file://.../renderer/index.html`
 * (any hash/query); in development it is served from `devServerUrl` (same origin only).
 */
export function isTrustedRendererUrl(frameUrl: string | undefined, rendererIndexUrl: string, devServerUrl?: string): boolean {
  if (!frameUrl) return false;
  let url: URL;
  try {
    url = new URL(frameUrl);
  } catch {
    return false;
  }
  if (devServerUrl) {
    try {
      return url.origin === new URL(devServerUrl).origin;
    } catch {
      return false;
    }
  }
  const expected = new URL(rendererIndexUrl);
  return url.protocol === 'file:' && expected.protocol === 'file:' && url.pathname === expected.pathname;
}

/** Only plain web links leave the app, and only through `app:openExternal`. */
export function isOpenableExternally(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}
