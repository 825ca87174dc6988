import type { Aspect, DiffedChange, SloDiff } from '../../../diff/types';
import type { RelatedLocation } from '../../../types';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'diff',
  meta: {
    id: 'diff/loosened-unacknowledged',
    defaultSeverity: 'error',
    description: 'Every change that loosens the policy since the base revision is named in a deliberation note added or changed in the same diff.',
  },
  check({ diff, report }) {
    for (const change of diff.changes) {
      if (change.class !== 'loosened' || change.acknowledgement?.inChangedNote) continue;
      for (const aspect of change.aspects) {
        if (aspect.class !== 'loosened' || !aspect.at) continue;
        report(aspect.at.uri, {
          message: `${what(change)} is loosened since ${diff.base}: ${was(change, aspect)} ${aspect.reason} ${remedy(change, diff)}`,
          anchor: change.name,
          range: aspect.at.range,
          related: related(change, diff),
        });
      }
    }
  },
};

const SUBJECTS = { slo: 'SLO', gate: 'Gate', scenario: 'Scenario', file: 'File' } as const;

function what(change: DiffedChange): string {
  return `${SUBJECTS[change.subject]} ${change.name}`;
}

function was(change: DiffedChange, aspect: Aspect): string {
  if (change.kind === 'removed') return `it was removed (it was ${aspect.before ? `"${aspect.before}"` : 'there'}).`;
  if (aspect.field === 'never_events' && aspect.before && !aspect.after) return `never_events listed ${aspect.before}, and no longer does.`;
  return `${aspect.field} was "${aspect.before ?? ''}", now "${aspect.after ?? ''}".`;
}

function remedy(change: DiffedChange, diff: SloDiff): string {
  const ack = change.acknowledgement;
  if (ack) return `${fileName(ack.uri)} names it, but that note has not changed since ${diff.base}: record this decision in it, or in a new note.`;
  const note = diff.notes[0];
  if (note) return `Name ${change.name} in a deliberation note added or changed in this diff (in its slos: or as \`${change.name}\`), e.g. ${fileName(note.uri)}.`;
  return `Add a deliberation note (deliberation-note.md) that names ${change.name} and says why.`;
}

function related(change: DiffedChange, diff: SloDiff): RelatedLocation[] {
  const ack = change.acknowledgement;
  if (ack) return [{ uri: ack.uri, range: ack.range, message: `Named here, but this note has not changed since ${diff.base}.` }];
  const note = diff.notes[0];
  return note ? [{ uri: note.uri, range: note.note.top, message: `The model's deliberation note: name ${change.name} here.` }] : [];
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.replace(/^.*\//, ''));
}
