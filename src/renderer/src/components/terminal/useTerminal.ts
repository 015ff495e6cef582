/**
 * An xterm.js terminal in an element: themed from the page's CSS colours (and re-themed when the
 * theme changes), fitted to its box on every resize, disposed with the component.
 */
import { onBeforeUnmount, onMounted, watch, type Ref } from 'vue';
import { Terminal, type ITerminalOptions } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';
import { useUiStore } from '../../stores/ui';

export interface TerminalHandle {
  term: Terminal;
  fit: FitAddon;
}

function themeFromCss(): ITerminalOptions['theme'] {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim() || undefined;
  return { background: v('--term-bg'), foreground: v('--term-fg'), cursor: v('--accent'), selectionBackground: v('--bg-selected') };
}

export function useTerminal(el: Ref<HTMLElement | null>, options: ITerminalOptions, ready: (h: TerminalHandle) => void): { handle: () => TerminalHandle | undefined } {
  const ui = useUiStore();
  let handle: TerminalHandle | undefined;
  let observer: ResizeObserver | undefined;

  onMounted(() => {
    if (!el.value) return;
    const term = new Terminal({ fontFamily: 'ui-monospace, Menlo, Consolas, monospace', fontSize: 12, theme: themeFromCss(), ...options });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el.value);
    handle = { term, fit };
    const refit = () => {
      try {
        fit.fit();
      } catch {
        // Not laid out yet (hidden): the next resize fits it.
      }
    };
    refit();
    observer = new ResizeObserver(refit);
    observer.observe(el.value);
    ready(handle);
  });

  watch(
    () => ui.theme,
    () => requestAnimationFrame(() => handle && (handle.term.options.theme = themeFromCss())),
  );

  onBeforeUnmount(() => {
    observer?.disconnect();
    handle?.term.dispose();
    handle = undefined;
  });

  return { handle: () => handle };
}
