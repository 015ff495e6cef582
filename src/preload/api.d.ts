import type { PilothouseApi } from '../shared/ipc/api';

declare global {
  interface Window {
    /** Present in the desktop app; in the dashboard use `connectDashboard()` (src/shared/ipc/ws-client.ts). */
    pilothouse?: PilothouseApi;
  }
}
export {};
