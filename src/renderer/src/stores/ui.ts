/**
 * What the user chose for the whole window: the namespace every list shows (`''` = all), the
 * theme, and whether the command palette is open. The namespace is remembered across reloads.
 */
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import { applyTheme, initialTheme, type Theme } from '../lib/theme';

const NAMESPACE_KEY = 'pilothouse.namespace';

export const useUiStore = defineStore('ui', () => {
  /** The namespace lists are filtered to; '' means all namespaces. */
  const namespace = ref<string>(localStorage.getItem(NAMESPACE_KEY) ?? '');
  const theme = ref<Theme>(initialTheme());
  const paletteOpen = ref(false);

  watch(namespace, (ns) => localStorage.setItem(NAMESPACE_KEY, ns));
  watch(theme, (t) => applyTheme(t), { immediate: true });

  function toggleTheme(): void {
    theme.value = theme.value === 'dark' ? 'light' : 'dark';
  }

  /** Whether an object in `ns` is in the chosen namespace. */
  function inNamespace(ns: string | undefined): boolean {
    return !namespace.value || ns === namespace.value;
  }

  return { namespace, theme, paletteOpen, toggleTheme, inNamespace };
});
