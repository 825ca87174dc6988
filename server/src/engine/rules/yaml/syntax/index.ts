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
        report({
          message: `YAML: ${problem.message}${hintFor(document.getText(), start)}`,
          range: { start: document.positionAt(start), end: document.positionAt(Math.max(end, start)) },
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

/** `target: >= 0.9` starts a folded block scalar in YAML: the most common way to break a policy. */
function hintFor(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', lineStart);
  const line = text.slice(lineStart, lineEnd < 0 ? undefined : lineEnd);
  return /:\s+[<>!=]/.test(line) ? ' (a value starting with >, <, ! or = must be quoted, like target: ">= 0.90")' : '';
}
