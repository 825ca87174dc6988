import { isAlias, visit, type Node } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { policyData } from '../../../policy/data';
import type { Fix, Report } from '../../../types';
import type { Rule } from '../../rule';

/** Past this many, more syntax errors only repeat one cause (say, 5,000 unclosed brackets). */
const MAX_REPORTED = 50;

export const rule: Rule = {
  kind: 'policy',
  meta: {
    id: 'yaml/syntax',
    defaultSeverity: 'error',
    description: 'YAML syntax errors, each at its location; the rest of the file is still checked.',
  },
  check({ file, document, report, range }) {
    const reports: Report[] = [];
    const seen = new Set<string>();
    const unquotedLines = new Set<number>();
    file.yamlDocs.forEach((doc, i) => {
      // `target: != 0` is no syntax error to YAML but a tag `!=` on `0`: reported like `>= 0.9`, with the quoting fix.
      const bangComparators = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED' && unquotedIndicator(document, w.pos[0]));
      for (const problem of [...doc.errors, ...bangComparators]) {
        const [start, end] = problem.pos;
        const unquoted = unquotedIndicator(document, start);
        if (unquoted) {
          // One finding per such line, over the whole value, with the fix: not one per parser error.
          if (unquotedLines.has(unquoted.range.start.line)) continue;
          unquotedLines.add(unquoted.range.start.line);
          reports.push({
            message: `YAML: ${problem.message} (a value starting with ${unquoted.value[0]} must be quoted, like target: ">= 0.90")`,
            range: unquoted.range,
            fixes: [unquoted.fix],
          });
          continue;
        }
        // The parser turns a stack overflow on pathological nesting into an error; say what it means.
        const message = /call stack/i.test(problem.message) ? 'nested too deeply to parse; a policy needs only a few levels of nesting' : problem.message;
        const key = `${start}:${message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        reports.push({ message: `YAML: ${message}`, range: { start: document.positionAt(start), end: document.positionAt(Math.max(end, start)) } });
      }
      if (i === 1 && doc.range) {
        const at = document.positionAt(doc.range[0]);
        reports.push({
          message: 'A policy file holds one YAML document; this document and any after it are ignored. Use another policy file of the same model instead.',
          range: { start: at, end: at },
        });
      }
    });
    const data = policyData(file);
    if (!data.ok && data.reason === 'unresolved-alias') {
      const alias = firstUnresolvedAlias(file.yamlDocs[0]);
      reports.push({ message: `YAML: ${data.message}. Define the anchor (&name) before the alias (*name) that uses it.`, range: range(alias) });
    }
    reports.slice(0, MAX_REPORTED).forEach(report);
    if (reports.length > MAX_REPORTED) {
      const last = reports[MAX_REPORTED];
      report({ message: `${reports.length - MAX_REPORTED} more YAML syntax errors not shown; fix the ones above first.`, range: last.range });
    }
  },
};

function firstUnresolvedAlias(doc: Parameters<typeof visit>[0] | undefined): Node | undefined {
  if (!doc) return undefined;
  const anchors = new Set<string>();
  let found: Node | undefined;
  visit(doc, (_, node) => {
    const anchor = (node as { anchor?: string } | null)?.anchor;
    if (anchor) anchors.add(anchor);
    if (isAlias(node) && !anchors.has(node.source)) {
      found = node;
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

/** A comparator-looking value written without quotes: `target: >= 0.9` (a block scalar in YAML). */
const UNQUOTED_INDICATOR = /^(\s*(?:-\s+)?[\w-]+:\s+)((?:[<>]=?|==|!=|=>|=<)\s*[-+.\d][^#]*?)\s*(?:#.*)?$/;

function unquotedIndicator(document: TextDocument, offset: number): { value: string; range: Range; fix: Fix } | undefined {
  const line = document.positionAt(offset).line;
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$/, '');
  const m = UNQUOTED_INDICATOR.exec(text);
  if (!m) return undefined;
  const range = { start: { line, character: m[1].length }, end: { line, character: m[1].length + m[2].length } };
  return { value: m[2], range, fix: { title: `Quote the value: "${m[2]}"`, edits: [{ range, newText: JSON.stringify(m[2]) }], preferred: true } };
}
