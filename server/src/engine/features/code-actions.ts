import { isScalar } from 'yaml';
import { CodeActionKind, type CodeAction, type Range, type WorkspaceEdit } from 'vscode-languageserver-types';
import type { Analysis } from '../analyze';
import { toDiagnostic } from '../diagnostics';
import { replaceScalar } from '../edits';
import { rangeOf } from '../policy/parse';
import { sloTarget } from '../policy/semantics';
import { canonicalTarget } from '../target';

/**
 * Quick fixes for the findings in `range` of the document at `uri` (a policy, config, card or note file), and
 * a "normalise target" rewrite where one applies. Fixes that create a file are offered only to clients that
 * can create files (`createFiles`: the client's workspaceEdit.resourceOperations has "create").
 */
export function codeActions(uri: string, analysis: Analysis, range: Range, options: { readonly createFiles: boolean } = { createFiles: true }): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const finding of analysis.findings) {
    if (!overlaps(finding.range, range)) continue;
    for (const fix of finding.fixes ?? []) {
      if (fix.newFile && !options.createFiles) continue;
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [toDiagnostic(finding)],
        isPreferred: fix.preferred ?? false,
        edit: fix.newFile ? createFile(fix.newFile) : { changes: { [uri]: [...fix.edits] } },
      });
    }
  }
  actions.push(...normaliseTargets(analysis, range));
  return actions;
}

function normaliseTargets(analysis: Analysis, range: Range): CodeAction[] {
  const file = analysis.file;
  if (!file) return [];
  const actions: CodeAction[] = [];
  for (const slo of file.slos) {
    const target = sloTarget(file, slo);
    const node = target?.field.value;
    if (!target?.result.ok || !isScalar(node) || !overlaps(rangeOf(file.document, node), range)) continue;
    const canonical = canonicalTarget(target.result.target);
    if (canonical === target.raw) continue;
    const edit = replaceScalar(file.document, node, canonical);
    actions.push({ title: `Normalise target to "${canonical}"`, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [file.document.uri]: [edit] } } });
  }
  return actions;
}

/** A new file with its text. Neither `overwrite` nor `ignoreIfExists`: if the file appeared meanwhile, the edit fails and changes nothing. */
function createFile({ uri, text }: { readonly uri: string; readonly text: string }): WorkspaceEdit {
  return {
    documentChanges: [
      { kind: 'create', uri },
      { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
    ],
  };
}

function overlaps(a: Range, b: Range): boolean {
  const before = (p: { line: number; character: number }, q: { line: number; character: number }) => p.line < q.line || (p.line === q.line && p.character < q.character);
  return !before(a.end, b.start) && !before(b.end, a.start);
}
