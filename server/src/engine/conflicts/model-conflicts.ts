import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { rangeOf, type PolicyFile } from '../policy/parse';
import type { Report, Severity } from '../types';
import type { Rule } from '../rules/rule';
import { sloFacts, type SloFacts } from './facts';
import { conflictMessage, forEachConflict, type Conflict, type ConflictKind } from './find-conflicts';

/** Related locations listed per finding; the message names the rest. */
const MAX_RELATED = 5;

/** Per SLO and kind: the first conflict, up to MAX_RELATED others, and how many there were in all. */
interface Collected {
  readonly first: Conflict;
  readonly others: SloFacts[];
  count: number;
}
type ByKind = Map<ConflictKind, Map<SloFacts, Collected>>;

const cache = new WeakMap<readonly PolicyFile[], ByKind>();

/**
 * The conflicts among one model's files, computed once however many conflict rules ask, and kept
 * per SLO and kind with a bounded list of partners, so memory stays linear in the number of SLOs.
 */
function modelConflicts(files: readonly PolicyFile[]): ByKind {
  let byKind = cache.get(files);
  if (!byKind) {
    const collected: ByKind = new Map();
    forEachConflict(files.flatMap(sloFacts), (kind, subject, other) => {
      let bySubject = collected.get(kind);
      if (!bySubject) collected.set(kind, (bySubject = new Map()));
      const entry = bySubject.get(subject);
      if (!entry) bySubject.set(subject, { first: { kind, subject, other }, others: [other], count: 1 });
      else {
        entry.count++;
        if (entry.others.length < MAX_RELATED) entry.others.push(other);
      }
    });
    byKind = collected;
    cache.set(files, byKind);
  }
  return byKind;
}

/** The conflict rules differ only in the kind they report; each SLO gets one finding per kind. */
export function conflictRule(kind: ConflictKind, defaultSeverity: Severity, description: string): Rule {
  return {
    kind: 'model',
    meta: { id: `conflict/${kind}`, defaultSeverity, description },
    check({ files, report }) {
      for (const [subject, collected] of modelConflicts(files).get(kind) ?? []) report(subject.file, toReport(subject, collected));
    },
  };
}

function toReport(subject: SloFacts, { first, others, count }: Collected): Report {
  const listed = others.slice(1).map((o) => `"${o.name}"`);
  const unlisted = count - others.length;
  const more = count > 1 ? ` Also with ${listed.join(', ')}${unlisted > 0 ? `${listed.length ? ' and ' : ''}${unlisted} more` : ''}.` : '';
  return {
    message: conflictMessage(first) + more,
    anchor: subject.name,
    range: nameRange(subject),
    related: others.map((o) => ({
      uri: o.file.document.uri,
      range: nameRange(o),
      anchor: o.name,
      message: `"${o.name}": ${o.target.comparator} ${o.target.literal}${o.target.unit ?? ''} ${o.window === 'rolling' ? 'rolling' : `over ${o.windowText}`} → ${o.action.name}`,
    })),
    fixes: first.kind === 'redundant' ? [{ title: `Remove redundant SLO "${subject.name}"`, edits: [removeItem(subject)] }] : undefined,
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
