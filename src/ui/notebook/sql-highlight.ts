// Colours of SQL in the editor, each at least 4.5:1 against the white editor background (WCAG 1.4.3), so
// highlighting never makes text hard to read; comments are also set in italics.
import { HighlightStyle } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags } from '@lezer/highlight';

export const sqlHighlight = HighlightStyle.define([
  { tag: tags.keyword, color: '#7a1fa2', fontWeight: '600' },
  { tag: [tags.string, tags.special(tags.string)], color: '#a31515' },
  { tag: [tags.number, tags.bool, tags.null], color: '#0b6b3a' },
  { tag: [tags.lineComment, tags.blockComment], color: '#57606a', fontStyle: 'italic' },
  { tag: [tags.typeName, tags.standard(tags.name)], color: '#005a9e' },
  { tag: [tags.operator, tags.punctuation], color: '#24292f' },
  { tag: tags.special(tags.name), color: '#8a4600' },
  { tag: tags.invalid, color: '#b3261e' },
]);

/** Gutter, placeholder and completion texts dark enough to read. */
export const editorTheme = EditorView.theme({
  '.cm-gutters': { backgroundColor: '#f6f7f9', color: '#57606a', borderRight: '1px solid #d8dce2' },
  '.cm-placeholder': { color: '#57606a' },
  '.cm-activeLine': { backgroundColor: '#f3f6fb' },
  '.cm-activeLineGutter': { backgroundColor: '#e8edf5', color: '#24292f' },
  '.cm-tooltip-autocomplete ul li[aria-selected]': { backgroundColor: '#1d4ed8', color: '#fff' },
  '.cm-completionDetail': { color: '#57606a' },
});
