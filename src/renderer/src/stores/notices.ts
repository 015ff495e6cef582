/**
 * What happened after a click: "scaled web to 3", or the API server's error, shown as a notice
 * in the corner until dismissed (errors) or for a few seconds (successes).
 */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { errorMessage } from '../api/pilothouse';

export interface Notice {
  id: number;
  tone: 'ok' | 'bad';
  text: string;
}

export const useNotices = defineStore('notices', () => {
  const notices = ref<Notice[]>([]);
  let next = 1;

  function dismiss(id: number): void {
    notices.value = notices.value.filter((n) => n.id !== id);
  }

  function push(tone: Notice['tone'], text: string): void {
    const id = next++;
    notices.value = [...notices.value.slice(-4), { id, tone, text }];
    if (tone === 'ok') setTimeout(() => dismiss(id), 4000);
  }

  /** Runs an action, reporting its success message or its error; returns whether it succeeded. */
  async function run(what: string, action: () => Promise<string | void>): Promise<boolean> {
    try {
      const message = await action();
      push('ok', message || `${what}: done`);
      return true;
    } catch (e) {
      push('bad', `${what} failed: ${errorMessage(e)}`);
      return false;
    }
  }

  return { notices, push, dismiss, run };
});
