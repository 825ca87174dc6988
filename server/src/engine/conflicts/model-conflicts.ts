import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { rangeOf, type PolicyFile } from '../policy/parse';
import type { Report, Severity } from '../types';
import type { Rule } from '../rules/rule';
import { sloFacts, type SloFacts } from './facts';
import { findConflicts, type Conflict, type ConflictKind } from './find-conflicts';

const cache = new WeakMap<readonly PolicyFile[], Conflict[]>();

/** The conflicts among one model's files, computed once however many conflict rules ask. */
export function modelConflicts(files: readonly PolicyFile[]): readonly Conflict[] {
  let conflicts = cache.get(files);
  if (!conflicts) {
    conflicts = findConflicts(files.flatMap(sloFacts));
    cache.set(files, conflicts);
  }
  return conflicts;
}

/** Related locations listed per finding; the message counts the rest. */
const MAX_RELATED = 5;

/** The conflict rules differ only in the kind they report; each SLO gets one finding per kind. */
export function conflictRule(kind: ConflictKind, defaultSeverity: Severity, description: string): Rule {
  return {
    kind: 'model',
    meta: { id: `conflict/${kind}`, defaultSeverity, description },
    check({ files, report }) {
      const bySubject = new Map<SloFacts, Conflict[]>();
      for (const c of modelConflicts(files)) {
        if (c.kind !== kind) continue;
        const list = bySubject.get(c.subject);
        if (list) list.push(c);
        else bySubject.set(c.subject, [c]);
      }
      for (const [subject, conflicts] of bySubject) report(subject.file, toReport(subject, conflicts));
    },
  };
}

function toReport(subject: SloFacts, conflicts: readonly Conflict[]): Report {
  const others = conflicts.map((c) => c.other);
  const more = others.length > 1 ? ` Also with ${others.slice(1).map((o) => `"${o.name}"`).join(', ')}.` : '';
  return {
    message: conflicts[0].message + more,
    anchor: subject.name,
    range: nameRange(subject),
    related: others.slice(0, MAX_RELATED).map((o) => ({
      uri: o.file.document.uri,
      range: nameRange(o),
      anchor: o.name,
      message: `"${o.name}": ${o.target.comparator} ${o.target.literal}${o.target.unit ?? ''} over ${o.windowText} → ${o.action.name}`,
    })),
    fixes: conflicts[0].kind === 'redundant' ? [{ title: `Remove redundant SLO "${subject.name}"`, edits: [removeItem(subject)] }] : undefined,
  };
}

function nameRange(f: SloFacts) {
  return rangeOf(f.file.document, f.slo.fields.get('name')?.value ?? f.slo.node);
}

/** Deletes a list item's whole lines, from its `- ` line up to the next item. */
function removeItem(f: SloFacts): TextEdit {
  const document: TextDocument = f.file.document;
  const [start, end] = f.slo.node.range!;
  const first = document.positionAt(start).line;
  const endPos = document.positionAt(end);
  const last = endPos.character === 0 ? endPos.line : endPos.line + 1;
  return { range: { start: { line: first, character: 0 }, end: { line: last, character: 0 } }, newText: '' };
}
