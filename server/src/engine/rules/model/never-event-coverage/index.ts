import { ladderRank } from '../../../ladder';
import { sloAction, sloTarget } from '../../../policy/semantics';
import type { Rule } from '../../rule';
import { ALL_NEVER_EVENTS_SLO, coversNeverEvent, folderSlos, nameRange, policyFileNames, type FolderSlo } from '../folder-slos';

/** The mildest action that answers a never event (as never-event/action-severity). */
const MINIMUM = 'rollback';

/** Why a covering SLO cannot guard a never event: its target, its action, or both; empty when it can. */
function weaknesses({ file, slo }: FolderSlo): string[] {
  const reasons: string[] = [];
  const target = sloTarget(file, slo);
  const zero = target?.result.ok && target.result.target.comparator === '==' && target.result.target.value === 0;
  if (!zero) reasons.push(target ? `its target is "${target.raw.trim()}", not "== 0"` : 'it has no target "== 0"');
  const action = sloAction(file, slo);
  if (!action) reasons.push(`it has no action (at least ${MINIMUM})`);
  else if (!action.resolved) reasons.push(`its action "${action.name}" is not on the ladder`);
  else if (action.resolved.rank < ladderRank(MINIMUM)) {
    const via = action.resolved.custom ? ` (ranks with ${action.resolved.ladder})` : '';
    reasons.push(`its action "${action.name}"${via} is milder than ${MINIMUM}`);
  }
  return reasons;
}

export const rule: Rule = {
  kind: 'folder',
  meta: {
    id: 'model/never-event-coverage',
    defaultSeverity: 'error',
    description: 'Every never event of the model card is covered by an SLO with target "== 0" and an action at least as severe as rollback.',
    guardsNeverEvents: true,
  },
  check({ folder, report }) {
    const card = folder.card;
    if (!card) return;
    const slos = folderSlos(folder);
    const policy = policyFileNames(folder);
    for (const event of card.neverEvents) {
      const covering = slos.filter((s) => coversNeverEvent(s, event.id)).map((s) => ({ ...s, reasons: weaknesses(s) }));
      if (covering.some((s) => s.reasons.length === 0)) continue;
      const base = { range: event.range, anchor: event.id };
      if (covering.length === 0) {
        report(card.card.document, {
          ...base,
          message: `Never event "${event.id}" is covered by no SLO of ${policy}: list "${event.id}" in the \`never_events\` of an SLO with target "== 0" and an action at least as severe as ${MINIMUM} (an SLO named \`${ALL_NEVER_EVENTS_SLO}\` covers every never event).`,
        });
        continue;
      }
      const why = covering.map((s) => `"${s.slo.name ?? 'an unnamed SLO'}" (${s.reasons.join('; ')})`).join(', ');
      report(card.card.document, {
        ...base,
        message: `Never event "${event.id}" is covered only by ${covering.length === 1 ? 'an SLO' : 'SLOs'} too weak to guard it: ${why}. A never event needs target "== 0" and an action at least as severe as ${MINIMUM}.`,
        related: covering.map((s) => ({
          uri: s.file.document.uri,
          range: nameRange(s),
          message: `covers "${event.id}", but ${s.reasons.join(' and ')}`,
          anchor: s.slo.name,
        })),
      });
    }
  },
};
