/**
 * A stand-in for the `electron` module in specs (`vi.mock('electron', () => fakeElectron())`):
 * records what the shell asks of Electron (windows and their options, IPC handlers, session
 * hooks, menus, dialogs) and lets a spec play the renderer's side (`invoke`, `send`).
 */
import { EventEmitter } from 'node:events';

export interface FakeFrame { url: string; parent: FakeFrame | null }

export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  destroyed = false;
  windowOpenHandler?: (details: { url: string }) => { action: string };

  send(channel: string, ...args: unknown[]): void {
    this.sent.push({ channel, args });
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }

  setWindowOpenHandler(h: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = h;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static created: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loaded?: { file?: string; url?: string };

  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.created.push(this);
  }

  loadFile(file: string): Promise<void> {
    this.loaded = { file };
    return Promise.resolve();
  }

  loadURL(url: string): Promise<void> {
    this.loaded = { url };
    return Promise.resolve();
  }

  show(): void {}
  isMinimized(): boolean { return false; }
  restore(): void {}
  focus(): void {}

  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.created;
  }
}

export class FakeIpcMain extends EventEmitter {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();

  handle(channel: string, fn: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, fn);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** The renderer's `ipcRenderer.invoke`, from `frame` of `sender`. */
  invoke(sender: FakeWebContents, frame: FakeFrame, channel: string, ...args: unknown[]): Promise<unknown> {
    const h = this.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return Promise.resolve(h({ sender, senderFrame: frame }, ...args));
  }

  /** The renderer's `ipcRenderer.send`. */
  sendFrom(sender: FakeWebContents, frame: FakeFrame, channel: string, ...args: unknown[]): void {
    this.emit(channel, { sender, senderFrame: frame }, ...args);
  }
}

export function fakeElectron() {
  const ipcMain = new FakeIpcMain();
  const headerHooks: ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void)[] = [];
  const permissionHandlers: ((wc: unknown, permission: string, cb: (granted: boolean) => void) => void)[] = [];
  const app = Object.assign(new EventEmitter(), {
    paths: {} as Record<string, string>,
    quitCalls: 0,
    ready: undefined as undefined | (() => void),
    whenReady(): Promise<void> {
      return new Promise((resolve) => (app.ready = resolve));
    },
    getPath(name: string): string {
      const p = app.paths[name];
      if (!p) throw new Error(`no fake path for ${name}`);
      return p;
    },
    quit(): void {
      app.quitCalls++;
    },
    requestSingleInstanceLock: () => true,
  });
  return {
    app,
    ipcMain,
    BrowserWindow: FakeBrowserWindow,
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: (typeof headerHooks)[number]) => headerHooks.push(fn) },
        setPermissionRequestHandler: (fn: (typeof permissionHandlers)[number]) => permissionHandlers.push(fn),
      },
    },
    shell: { opened: [] as string[], openExternal(url: string) { this.opened.push(url); return Promise.resolve(); }, openPath: () => Promise.resolve('') },
    dialog: {
      messageBoxes: [] as Record<string, unknown>[],
      errorBoxes: [] as [string, string][],
      nextResponse: 0,
      showMessageBox(options: Record<string, unknown>) { this.messageBoxes.push(options); return Promise.resolve({ response: this.nextResponse }); },
      showErrorBox(title: string, content: string) { this.errorBoxes.push([title, content]); },
    },
    Menu: {
      current: undefined as unknown,
      buildFromTemplate: (t: unknown) => ({ template: t }),
      setApplicationMenu(m: unknown) { this.current = m; },
    },
    clipboard: { text: '', writeText(t: string) { this.text = t; } },
    headerHooks,
    permissionHandlers,
  };
}

export type FakeElectron = ReturnType<typeof fakeElectron>;
