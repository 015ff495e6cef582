/**
 * The application menu as data (Electron's `MenuItemConstructorOptions` shape), so it can be read
 * and tested without Electron. `actions` are what the custom items do.
 */
export interface MenuActions {
  openDataDir(): void;
  copyKubectlCommand(): void;
  openDocs(): void;
}

export interface MenuItem {
  label?: string;
  role?: string;
  type?: 'separator' | 'submenu' | 'normal';
  accelerator?: string;
  submenu?: MenuItem[];
  click?: () => void;
}

export function menuTemplate(actions: MenuActions, platform = process.platform): MenuItem[] {
  const mac = platform === 'darwin';
  return [
    ...(mac ? [{ label: 'Pilothouse', submenu: [{ role: 'about' }, { type: 'separator' as const }, { role: 'hide' }, { role: 'hideOthers' }, { type: 'separator' as const }, { role: 'quit' }] }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Copy kubectl Command', accelerator: 'CmdOrCtrl+Shift+K', click: actions.copyKubectlCommand },
        { label: 'Open Data Folder', click: actions.openDataDir },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { label: 'Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: 'View',
      submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
    },
    { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'zoom' }, ...(mac ? [{ role: 'front' }] : [{ role: 'close' }])] },
    { label: 'Help', submenu: [{ label: 'Pilothouse Documentation', click: actions.openDocs }] },
  ];
}
