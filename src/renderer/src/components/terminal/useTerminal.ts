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

/** ANSI colours readable on a white background (xterm's defaults are made for black). */
const LIGHT_ANSI = {
  black: '#1d2330', red: '#b3261e', green: '#1a7f37', yellow: '#8a6100', blue: '#1f5fbf', magenta: '#8e3fa8', cyan: '#0e7490', white: '#6b7280',
  brightBlack: '#5d6677', brightRed: '#c9342d', brightGreen: '#207a3c', brightYellow: '#7a5800', brightBlue: '#2f6fde', brightMagenta: '#a23ab8', brightCyan: '#0b7a8f', brightWhite: '#374151',
};

function themeFromCss(): ITerminalOptions['theme'] {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string) => css.getPropertyValue(name).trim() || undefined;
  const light = document.documentElement.dataset.theme !== 'dark';
  return { background: v('--term-bg'), foreground: v('--term-fg'), cursor: v('--accent'), selectionBackground: v('--bg-selected'), ...(light ? LIGHT_ANSI : {}) };
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
