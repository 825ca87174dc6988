import { didYouMean } from '../../../did-you-mean';
import { modelNote, type ModelFolder } from '../../../folder/model-folder';
import { LADDER } from '../../../ladder';
import type { Mention } from '../../../note/parse';
import type { Fix } from '../../../types';
import type { Rule } from '../../rule';
import { folderSlos, listed, policyFileNames, sloNames } from '../folder-slos';

/** A code span that can be an SLO name: snake_case with at least one underscore (`ood_recall_7d`, not `rollback`). */
const SLO_LIKE = /^[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+$/;

function rename(mention: Mention, name: string): Fix[] {
  return [{ title: `Change to "${name}"`, edits: [{ range: mention.range, newText: name }], preferred: true }];
}

/** Names of the model that are not SLO names but may be close to one: metrics, never-event ids, actions. */
function otherNames(folder: ModelFolder): Set<string> {
  return new Set([
    ...folderSlos(folder).flatMap(({ slo }) => slo.metric ?? []),
    ...(folder.card?.neverEvents.map((e) => e.id) ?? []),
    ...LADDER,
    ...folder.policies.flatMap((p) => p.actions.map((a) => a.name)),
  ]);
}

export const rule: Rule = {
  kind: 'folder',
  meta: {
    id: 'model/unknown-slo',
    defaultSeverity: 'warning',
    description: 'The SLOs a deliberation note names, in its `slos:` and in its text as code, exist in the model\'s policy.',
  },
  check({ folder, report }) {
    const note = modelNote(folder);
    if (!note) return;
    const names = sloNames(folder);
    const known = new Set(names);
    const document = note.note.markdown.document;
    const policy = policyFileNames(folder);
    for (const mention of note.note.slos) {
      if (known.has(mention.text)) continue;
      const meant = didYouMean(mention.text, names);
      const has = names.length ? (meant ? `Did you mean "${meant}"?` : `Its SLOs are ${listed(names)}.`) : 'It has no SLOs.';
      report(document, {
        message: `"${mention.text}" in \`slos\` is not an SLO of the policy (${policy}). ${has}`,
        range: mention.range,
        anchor: 'slos',
        fixes: meant ? rename(mention, meant) : undefined,
      });
    }
    // In the text, code is also file names, commands, keys: a span is taken for an SLO only when it is a near miss.
    const other = otherNames(folder);
    for (const span of note.note.codeSpans) {
      if (!SLO_LIKE.test(span.text) || known.has(span.text) || other.has(span.text)) continue;
      const meant = didYouMean(span.text, names);
      if (!meant) continue;
      report(document, {
        message: `\`${span.text}\` is not an SLO of the policy (${policy}). Did you mean \`${meant}\`?`,
        range: span.range,
        fixes: rename(span, meant),
      });
    }
  },
};
