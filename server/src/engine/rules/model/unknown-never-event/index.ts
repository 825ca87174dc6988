import { basename } from 'node:path';
import { didYouMean } from '../../../did-you-mean';
import { replaceScalar } from '../../../edits';
import { rangeOf } from '../../../policy/parse';
import type { Rule } from '../../rule';
import { folderSlos, listed, listedNeverEvents } from '../folder-slos';

export const rule: Rule = {
  kind: 'folder',
  meta: {
    id: 'model/unknown-never-event',
    defaultSeverity: 'error',
    description: 'An SLO\'s `never_events` names only never events the model card lists: a misspelt id guards nothing.',
    guardsNeverEvents: true,
  },
  check({ folder, report }) {
    const card = folder.card;
    if (!card) return;
    const ids = card.neverEvents.map((e) => e.id);
    const known = new Set(ids);
    const cardName = basename(card.path);
    for (const { file, slo } of folderSlos(folder)) {
      for (const { id, node } of listedNeverEvents(slo)) {
        if (known.has(id)) continue;
        const meant = didYouMean(id, ids);
        const has = ids.length ? `its never events are ${listed(ids)}` : 'it lists no never events';
        report(file.document, {
          message: `"${id}" is not a never event of the model card (${cardName}): ${has}.${meant ? ` Did you mean "${meant}"?` : ''}`,
          range: rangeOf(file.document, node),
          anchor: slo.name,
          fixes: meant ? [{ title: `Change to "${meant}"`, edits: [replaceScalar(file.document, node, meant)], preferred: true }] : undefined,
        });
      }
    }
  },
};
