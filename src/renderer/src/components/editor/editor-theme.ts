/** CodeMirror colours from the page's CSS variables, so the editor follows the light/dark theme. */
import { EditorView } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags } from '@lezer/highlight';
import type { Extension } from '@codemirror/state';

const highlight = HighlightStyle.define([
  { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: 'var(--accent)' },
  { tag: [tags.string, tags.special(tags.string)], color: 'var(--ok)' },
  { tag: [tags.number, tags.bool, tags.null], color: 'var(--warn)' },
  { tag: [tags.comment, tags.meta], color: 'var(--fg-muted)', fontStyle: 'italic' },
  { tag: [tags.punctuation, tags.separator], color: 'var(--fg-muted)' },
]);

export function editorTheme(dark: boolean): Extension {
  return [
    EditorView.theme(
      {
        '&': { color: 'var(--fg)', backgroundColor: 'var(--bg-raised)', height: '100%', fontSize: '12.5px' },
        '.cm-content': { fontFamily: 'ui-monospace, Menlo, Consolas, monospace', caretColor: 'var(--fg)' },
        '.cm-gutters': { backgroundColor: 'var(--bg-sunken)', color: 'var(--fg-muted)', borderRight: '1px solid var(--border)' },
        '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--bg-hover) 60%, transparent)' },
        '.cm-activeLineGutter': { backgroundColor: 'var(--bg-hover)' },
        '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--bg-selected) !important' },
        '.cm-scroller': { overflow: 'auto' },
        '.cm-tooltip': { backgroundColor: 'var(--bg-raised)', border: '1px solid var(--border)', color: 'var(--fg)' },
        '.cm-panels': { backgroundColor: 'var(--bg-sunken)', color: 'var(--fg)' },
      },
      { dark },
    ),
    syntaxHighlighting(highlight),
  ];
}
