/**
 * The only door between the renderer and the main process: `window.pilothouse = { call,
 * subscribe }`, built from the contract. Only the contract's channels are reachable: raw
 * `ipcRenderer` is never exposed, and the Electron event never reaches a renderer callback.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createPreloadApi } from './preload-api.js';

contextBridge.exposeInMainWorld('pilothouse', createPreloadApi(ipcRenderer));
