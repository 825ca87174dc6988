import type { Acknowledgement, Change, DiffedChange, NoteVersion } from './types';

/**
 * A loosened change is acknowledged when a deliberation note added or changed in the same diff names
 * it: in its `slos:` or as code in its text (`ood_recall_7d`), under its new or its old name. A note
 * that names it but did not change is kept too, so messages can say why it does not count.
 */
export function acknowledge(changes: readonly Change[], notes: readonly NoteVersion[]): DiffedChange[] {
  const mentions = new Map<string, Acknowledgement[]>();
  for (const { uri, note, status } of notes) {
    for (const m of [...note.slos, ...note.codeSpans]) {
      const list = mentions.get(m.text) ?? mentions.set(m.text, []).get(m.text)!;
      list.push({ uri, range: m.range, inChangedNote: status !== 'unchanged' });
    }
  }
  return changes.map((change) => {
    if (change.class !== 'loosened') return change;
    const found = [change.name, change.oldName].flatMap((n) => (n === undefined ? [] : mentions.get(n) ?? []));
    const acknowledgement = found.find((m) => m.inChangedNote) ?? found[0];
    return acknowledgement ? { ...change, acknowledgement } : change;
  });
}
