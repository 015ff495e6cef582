/** Light and dark themes: the choice is remembered; without one the system's preference wins. */
export type Theme = 'light' | 'dark';

const KEY = 'pilothouse.theme';

export function initialTheme(storage: Pick<Storage, 'getItem'> = localStorage, prefersDark = matchMedia?.('(prefers-color-scheme: dark)').matches ?? false): Theme {
  const saved = storage.getItem(KEY);
  if (saved === 'light' || saved === 'dark') return saved;
  return prefersDark ? 'dark' : 'light';
}

export function applyTheme(theme: Theme, storage: Pick<Storage, 'setItem'> = localStorage): void {
  document.documentElement.dataset.theme = theme;
  storage.setItem(KEY, theme);
}
