import type { Aspect, DiffedChange, SloDiff } from '../../../diff/types';
import type { RelatedLocation } from '../../../types';
import type { Rule } from '../../rule';
import { uriFileName } from '../../../uri';

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
          message: `${what(change, aspect, diff.base)}, and ${unnamed(change, diff.base)}. ${aspect.reason}`,
          anchor: change.name,
          range: aspect.at.range,
          related: related(change, diff),
        });
      }
    }
  },
};

const SUBJECTS = { slo: 'SLO', gate: 'Gate', scenario: 'Scenario', file: 'File' } as const;

/** Fields whose loosened aspects are one entry gone from a list (an SLO's never events, a gate's SLOs or requirements). */
const LISTS = new Set(['never_events', 'slos', 'require']);

/** What was loosened, with the value the base had: `SLO x is loosened since main (target was ">= 0.90", now ">= 0.85")`. */
function what(change: DiffedChange, aspect: Aspect, base: string): string {
  const subject = `${SUBJECTS[change.subject]} ${change.name}`;
  if (change.kind === 'removed') return `${subject} was removed since ${base}${aspect.before && aspect.before !== change.name ? ` (it was ${aspect.before})` : ''}`;
  if (LISTS.has(aspect.field) && aspect.before && !aspect.after) return `${subject} is loosened since ${base} (${aspect.field} no longer lists ${aspect.before})`;
  return `${subject} is loosened since ${base} (${aspect.field} was ${quoted(aspect.before)}, now ${quoted(aspect.after)})`;
}

function quoted(value: string | undefined): string {
  return value ? `"${value}"` : '(none)';
}

/** Why it still counts: no changed note names it, or only a note that did not change does. */
function unnamed(change: DiffedChange, base: string): string {
  const ack = change.acknowledgement;
  return ack ? `${uriFileName(ack.uri)} names it but has not changed since ${base}` : 'no deliberation note added or changed in this diff names it';
}

/** Where to record the decision: the note that names it, else the model's newest note. */
function related(change: DiffedChange, diff: SloDiff): RelatedLocation[] {
  const ack = change.acknowledgement;
  if (ack) return [{ uri: ack.uri, range: ack.range, message: `Named here, but this note has not changed since ${diff.base}: record the decision in it, or in a new note.` }];
  const note = diff.notes[0];
  return note ? [{ uri: note.uri, range: note.note.top, message: `The model's deliberation note: name ${change.name} here, in slos: or as \`${change.name}\`.` }] : [];
}
