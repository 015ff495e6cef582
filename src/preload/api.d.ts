import type { PilothouseApi } from '../shared/ipc-contract';

declare global {
  interface Window {
    pilothouse?: PilothouseApi;
  }
}
export {};
