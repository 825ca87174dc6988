import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze } from './analyze';
import { parsePolicy, type PolicyFile } from './policy/parse';
import type { Finding, Fix } from './types';

/** Test helpers only: nothing in the engine imports this file. */

export const TEST_URI = 'file:///w/safety-slos.yaml';

export function doc(text: string): TextDocument {
  return TextDocument.create(TEST_URI, 'yaml', 1, text);
}

/** The findings `analyze` reports for `text`, optionally only those of one rule. */
export function findingsFor(text: string, ruleId?: string): Finding[] {
  const { findings } = analyze(doc(text));
  return ruleId ? findings.filter((f) => f.rule === ruleId) : [...findings];
}

/** The text after applying every edit of `fix`. */
export function applyFix(text: string, fix: Fix): string {
  return TextDocument.applyEdits(doc(text), [...fix.edits]);
}

/** A valid policy around the given SLO list lines (each already indented as an item of `slos:`). */
export function policy(slos: string, extra = ''): string {
  return `version: 1\nmodel: claims-triage\nslos:\n${slos.replace(/\n?$/, '\n')}${extra}`;
}

/** One SLO item with sensible valid defaults; pass fields to override (`undefined` drops a field). */
export function slo(fields: Readonly<Record<string, string | undefined>> = {}): string {
  const all: Record<string, string | undefined> = {
    name: 'ood_recall_7d',
    objective: 'Detect distribution shift before harm.',
    target: '">= 0.90"',
    window: '7d',
    action_on_breach: 'degrade_to_safe_mode',
    ...fields,
  };
  const lines = Object.entries(all).filter((e): e is [string, string] => e[1] !== undefined);
  return lines.map(([k, v], i) => `${i === 0 ? '  - ' : '    '}${k}: ${v}`).join('\n') + '\n';
}

/** A Range literal, zero-based: `range(5, 12, 5, 20)`. */
export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number) {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/** A text with one `‸` marking the cursor: the parsed file without the marker, and the cursor's position. */
export function withCursor(marked: string): { file: PolicyFile; position: { line: number; character: number } } {
  const at = marked.indexOf('‸');
  if (at < 0 || marked.indexOf('‸', at + 1) >= 0) throw new Error('mark the cursor with exactly one ‸');
  const document = doc(marked.slice(0, at) + marked.slice(at + 1));
  return { file: parsePolicy(document), position: document.positionAt(at) };
}

/** The "billion laughs": nine levels of nine aliases each, 9^9 nodes once expanded. */
export const ALIAS_BOMB = Array.from({ length: 9 }, (_, i) => {
  const name = String.fromCharCode(97 + i);
  const items = i === 0 ? Array(9).fill('"lol"') : Array(9).fill(`*${String.fromCharCode(96 + i)}`);
  return `${name}: &${name} [${items.join(',')}]`;
}).join('\n');
