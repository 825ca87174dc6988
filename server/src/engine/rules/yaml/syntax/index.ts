import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Fix } from '../../../types';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'yaml/syntax',
    defaultSeverity: 'error',
    description: 'YAML syntax errors, each at its location; the rest of the file is still checked.',
  },
  check({ file, document, report }) {
    file.yamlDocs.forEach((doc, i) => {
      for (const problem of [...doc.errors, ...doc.warnings]) {
        const [start, end] = problem.pos;
        const unquoted = unquotedIndicator(document, start);
        report({
          message: `YAML: ${problem.message}${unquoted ? ` (a value starting with ${unquoted.value[0]} must be quoted, like target: ">= 0.90")` : ''}`,
          range: { start: document.positionAt(start), end: document.positionAt(Math.max(end, start)) },
          fixes: unquoted ? [unquoted.fix] : undefined,
        });
      }
      if (i === 1 && doc.range) {
        const at = document.positionAt(doc.range[0]);
        report({
          message: 'A policy file holds one YAML document; this document and any after it are ignored. Use another policy file of the same model instead.',
          range: { start: at, end: at },
        });
      }
    });
  },
};

const UNQUOTED_INDICATOR = /^(\s*(?:-\s+)?[\w-]+:\s+)([<>!=][^#]*?)\s*(?:#.*)?$/;

/**
 * `target: >= 0.9` starts a folded block scalar in YAML: the most common way to break a policy.
 * When the error sits on such a line, say so and offer to quote the value.
 */
function unquotedIndicator(document: TextDocument, offset: number): { value: string; fix: Fix } | undefined {
  const line = document.positionAt(offset).line;
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const m = UNQUOTED_INDICATOR.exec(text);
  if (!m) return undefined;
  const range = { start: { line, character: m[1].length }, end: { line, character: m[1].length + m[2].length } };
  return { value: m[2], fix: { title: `Quote the value: "${m[2]}"`, edits: [{ range, newText: JSON.stringify(m[2]) }], preferred: true } };
}
