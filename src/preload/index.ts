/** The only door between the renderer and the main process: one namespaced, typed object. */
import { contextBridge, ipcRenderer } from 'electron';
import type { PilothouseApi } from '../shared/ipc-contract';

const api: PilothouseApi = {
  cluster: {
    info: () => ipcRenderer.invoke('cluster:info'),
  },
};

contextBridge.exposeInMainWorld('pilothouse', api);
