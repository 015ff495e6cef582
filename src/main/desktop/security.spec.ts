import { describe, expect, it } from 'vitest';
import { desktopCsp, isOpenableExternally, isTrustedRendererUrl } from './security.js';
import { menuTemplate } from './menu-template.js';

describe('desktop security rules', () => {
  const index = 'file:///Applications/Pilothouse.app/Contents/Resources/app/out/renderer/index.html';

  it('trust only the packaged index.html (any fragment), or the dev server origin', () => {
    expect(isTrustedRendererUrl(`${index}#/pods/default`, index)).toBe(true);
    expect(isTrustedRendererUrl('file:///tmp/index.html', index)).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/out/renderer/index.html', index)).toBe(false);
    expect(isTrustedRendererUrl(undefined, index)).toBe(false);
    expect(isTrustedRendererUrl('not a url', index)).toBe(false);
    expect(isTrustedRendererUrl('http://localhost:5173/#/nodes', index, 'http://localhost:5173')).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', index, 'http://localhost:5173')).toBe(false);
  });

  it('open only http(s) links without credentials in the system browser', () => {
    expect(isOpenableExternally('http://127.0.0.1:30080/')).toBe(true);
    expect(isOpenableExternally('https://kubernetes.io/docs/')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'https://user:pw@host/', 'nonsense']) {
      expect(isOpenableExternally(bad), bad).toBe(false);
    }
  });

  it('allow network in the CSP only for the dev server', () => {
    expect(desktopCsp(false)).toContain("connect-src 'none'");
    expect(desktopCsp(true, 'http://localhost:5173/')).toContain("connect-src 'self' ws://localhost:5173");
  });

  it('build an app menu with the cockpit actions and standard roles', () => {
    const calls: string[] = [];
    const menu = menuTemplate({ openDataDir: () => calls.push('data'), copyKubectlCommand: () => calls.push('kubectl'), openDocs: () => calls.push('docs') }, 'linux');
    expect(menu.map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    const file = menu[0].submenu!;
    file.find((i) => i.label === 'Copy kubectl Command')!.click!();
    file.find((i) => i.label === 'Open Data Folder')!.click!();
    expect(calls).toEqual(['kubectl', 'data']);
    expect(file.at(-1)).toEqual({ role: 'quit' });
    expect(menuTemplate({ openDataDir() {}, copyKubectlCommand() {}, openDocs() {} }, 'darwin')[0].label).toBe('Pilothouse');
  });
});
