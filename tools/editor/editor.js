// GIL Lab's Python editor: CodeMirror 6 bundled into one offline file, editor.js, by
// tools/editor-build.mjs (a Trunk build hook, so the service worker's list includes it).
// The app loads it on demand and mounts it:
//
//   await import(new URL('editor.js', document.baseURI));
//   const editor = window.GilLabEditor.mount(parent, { doc, label, onChange(text) {} });
//   editor.getText(); editor.setText(text); editor.setDiagnostics([{ line, col, message }]);
//   editor.focus(); editor.undo(); editor.redo(); editor.destroy();
//
// onChange gets the whole text after every change of the document (typing, undo, redo and
// setText alike); the app debounces. Diagnostics are 1-based lines and columns, shown until the
// next setDiagnostics ([] clears them). Tab indents; Escape then Tab moves the focus on (the
// editor is no keyboard trap), as does Ctrl-M (Shift-Alt-M on a Mac), which toggles that mode.
import { EditorState } from '@codemirror/state';
import {
  EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, drawSelection,
} from '@codemirror/view';
import {
  defaultKeymap, history, historyKeymap, indentWithTab, undo, redo,
} from '@codemirror/commands';
import {
  bracketMatching, indentOnInput, indentUnit, syntaxHighlighting, HighlightStyle,
} from '@codemirror/language';
import { python } from '@codemirror/lang-python';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { tags as t } from '@lezer/highlight';

const MONO = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', 'Liberation Mono', monospace";

// Token colours as the editor's own custom properties (a page may override them): light by
// default, dark under prefers-color-scheme: dark, like the page's --bg, --fg... in www/style.css.
const LIGHT_TOKENS = {
  '--gle-keyword': '#0060a0', '--gle-string': '#00704a', '--gle-number': '#a34a00',
  '--gle-def': '#7a3b8f', '--gle-builtin': '#8a5a00', '--gle-comment': 'var(--muted, #3d4650)',
};
const DARK_TOKENS = {
  '--gle-keyword': '#56b4e9', '--gle-string': '#5fd3a6', '--gle-number': '#ffa566',
  '--gle-def': '#d7a6f0', '--gle-builtin': '#f0e442', '--gle-comment': 'var(--muted, #b7c0c9)',
};
const tint = (pct) => `color-mix(in srgb, var(--accent, #0072b2) ${pct}%, transparent)`;

const theme = EditorView.theme({
  '&': {
    color: 'var(--fg, #111418)',
    backgroundColor: 'var(--bg, #ffffff)',
    border: '1px solid var(--border, #c5ccd3)',
    borderRadius: '6px',
    fontSize: '0.75rem',
    ...LIGHT_TOKENS,
  },
  '&.cm-focused': { outline: '2px solid var(--focus, var(--accent, #0072b2))', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: MONO, lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--fg, #111418)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg, #111418)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, .cm-content ::selection':
    { backgroundColor: tint(28) },
  '.cm-gutters': {
    backgroundColor: 'var(--panel, #f3f5f7)',
    color: 'var(--muted, #3d4650)',
    borderRight: '1px solid var(--border, #c5ccd3)',
  },
  '.cm-activeLine': { backgroundColor: tint(9) },
  '.cm-activeLineGutter': { backgroundColor: tint(16), color: 'var(--fg, #111418)' },
  '&.cm-focused .cm-matchingBracket': { backgroundColor: tint(25), outline: '1px solid var(--accent, #0072b2)' },
  '&.cm-focused .cm-nonmatchingBracket': { backgroundColor: 'var(--err-bg, #fde8e4)', outline: '1px solid var(--off, #a34a00)' },
  '.cm-tooltip': {
    backgroundColor: 'var(--panel, #f3f5f7)',
    color: 'var(--fg, #111418)',
    border: '1px solid var(--border, #c5ccd3)',
    fontFamily: MONO,
  },
  '.cm-panels': { backgroundColor: 'var(--panel, #f3f5f7)', color: 'var(--fg, #111418)' },
  '.cm-panels.cm-panels-bottom': { borderTop: '1px solid var(--border, #c5ccd3)' },
  '.cm-panel.cm-panel-lint ul [aria-selected]': { backgroundColor: tint(25) },
  '@media (prefers-color-scheme: dark)': { '.cm-scroller, .cm-tooltip': DARK_TOKENS },
});

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.definitionKeyword, t.moduleKeyword, t.operatorKeyword],
    color: 'var(--gle-keyword)', fontWeight: '600' },
  { tag: [t.string, t.special(t.string), t.escape], color: 'var(--gle-string)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--gle-number)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--gle-comment)', fontStyle: 'italic' },
  { tag: [t.function(t.definition(t.variableName)), t.definition(t.className), t.className],
    color: 'var(--gle-def)' },
  { tag: [t.standard(t.variableName), t.self, t.special(t.variableName)], color: 'var(--gle-builtin)' },
  { tag: t.invalid, textDecoration: 'underline wavy', textDecorationColor: 'var(--off, #a34a00)' },
]);

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);

/** [{line, col, message, severity?}] (1-based) as CodeMirror diagnostics on `doc`. */
function toDiagnostics(doc, list) {
  const out = [];
  for (const d of Array.isArray(list) ? list : []) {
    if (!d || !Number.isFinite(Number(d.line))) continue;
    const line = doc.line(Math.min(Math.max(1, Math.trunc(Number(d.line))), doc.lines));
    const col = Number.isFinite(Number(d.col)) ? Math.trunc(Number(d.col)) : 1;
    const from = line.from + Math.min(Math.max(0, col - 1), line.length);
    // To the end of the line's text (trailing spaces left out); a point at its end.
    const end = line.from + line.text.replace(/\s+$/, '').length;
    out.push({
      from,
      to: Math.max(from, end),
      severity: SEVERITIES.has(d.severity) ? d.severity : 'error',
      message: String(d.message ?? ''),
    });
  }
  return out;
}

function mount(parent, opts = {}) {
  if (!(parent instanceof Element)) throw new TypeError('GilLabEditor.mount: parent must be an element');
  const onChange = typeof opts.onChange === 'function' ? opts.onChange : null;
  const state = EditorState.create({
    doc: String(opts.doc ?? ''),
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightSpecialChars(),
      history(),
      drawSelection(),
      indentOnInput(),
      bracketMatching(),
      highlightActiveLine(),
      lintGutter(),
      EditorState.tabSize.of(4),
      indentUnit.of('    '),
      python(),
      syntaxHighlighting(highlight),
      keymap.of([
        ...defaultKeymap,
        ...historyKeymap,
        // Ctrl-Shift-Z redoes everywhere (historyKeymap binds it on Linux and, as Cmd, on a Mac).
        { key: 'Mod-Shift-z', run: redo, preventDefault: true },
        ...lintKeymap,
        indentWithTab,
      ]),
      theme,
      // Long lines wrap, as in the program view: the panel never scrolls sideways.
      EditorView.lineWrapping,
      EditorView.contentAttributes.of({
        'aria-label': String(opts.label ?? 'Python code'),
        'data-testid': 'editor-content',
      }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged && onChange) onChange(update.state.doc.toString());
      }),
    ],
  });
  let view = new EditorView({ state, parent });

  return {
    getText: () => (view ? view.state.doc.toString() : ''),
    /** Replaces the whole document as one undoable change (nothing happens if it is equal). */
    setText(text) {
      if (!view) return;
      const next = String(text ?? '');
      if (next === view.state.doc.toString()) return;
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert: next },
        selection: { anchor: Math.min(view.state.selection.main.head, next.length) },
        userEvent: 'input.replace',
        scrollIntoView: true,
      });
    },
    setDiagnostics(list) {
      if (!view) return;
      view.dispatch(setDiagnostics(view.state, toDiagnostics(view.state.doc, list)));
    },
    focus() { view?.focus(); },
    undo: () => (view ? undo(view) : false),
    redo: () => (view ? redo(view) : false),
    destroy() {
      view?.destroy();
      view = null;
    },
  };
}

export const GilLabEditor = Object.freeze({ mount });
window.GilLabEditor = GilLabEditor;
