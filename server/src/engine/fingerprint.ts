import { createHash } from 'node:crypto';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { nodeAt } from './features/node-at';
import type { PolicyFile } from './policy/parse';
import type { Report, RuleId } from './types';

/**
 * A finding's identity across edits: its rule, what it is about (its anchor: the SLO's name, or a
 * YAML path with SLOs named, not numbered), the names of related SLOs, and the offending text with
 * white space folded. Not the line number: moving or reformatting an SLO keeps its fingerprint;
 * changing the offending value changes it.
 */
export function fingerprint(rule: RuleId, report: Report, document: TextDocument, file: PolicyFile | undefined): string {
  const anchor = report.anchor ?? semanticPath(file, document.offsetAt(report.range.start)) ?? lineText(document, report.range.start.line);
  const content = document.getText(report.range).replace(/\s+/g, ' ').trim();
  const related = (report.related ?? []).map((r) => r.anchor ?? '').sort().join(',');
  return createHash('sha256').update(`${rule}\u0000${anchor}\u0000${content}\u0000${related}`).digest('hex').slice(0, 32);
}

/** `slos[ood_recall_7d].target`: where a position is in the policy's data, by names that survive reordering. */
function semanticPath(file: PolicyFile | undefined, offset: number): string | undefined {
  const at = file && nodeAt(file, offset);
  if (!at) return undefined;
  let path = '';
  at.path.forEach((segment, i) => {
    if (typeof segment === 'number') {
      const name = at.path[i - 1] === 'slos' ? file.slos.find((s) => s.index === segment)?.name : undefined;
      path += `[${name ?? segment}]`;
    } else path += path ? `.${segment}` : segment;
  });
  return `${path}${at.on === 'key' ? ':key' : ''}`;
}

function lineText(document: TextDocument, line: number): string {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).trim();
}
