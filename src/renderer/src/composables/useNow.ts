/** A clock for ages: one shared timer ticking every few seconds, not one per row. */
import { onBeforeUnmount, ref } from 'vue';

const now = ref(Date.now());
let users = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export function useNow(): typeof now {
  users += 1;
  if (!timer) timer = setInterval(() => (now.value = Date.now()), 5000);
  onBeforeUnmount(() => {
    users -= 1;
    if (users === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  });
  return now;
}
