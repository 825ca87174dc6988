import { isScalar } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { allLevelEntries, downgradesNeverEvent, type LevelEntry } from '../../../config/view';
import { replaceScalar } from '../../../edits';
import { rangeOf } from '../../../policy/parse';
import type { Fix } from '../../../types';
import type { Rule } from '../../rule';

export const rule: Rule = {
  kind: 'config',
  meta: {
    id: 'config/never-event-downgrade',
    defaultSeverity: 'error',
    description: 'Rules that guard never events stay at error: a config that turns one off or lowers it is ignored, and says so.',
  },
  check({ config, rules, report }) {
    const { document } = config;
    for (const entry of allLevelEntries(config)) {
      const meta = rules.get(entry.id);
      if (!meta || !entry.level || !downgradesNeverEvent(meta, entry.level) || !isScalar(entry.value)) continue;
      const removal = removeEntry(document, entry);
      report({
        message: `"${entry.id}" guards never events, so it stays at error: a single never event must always block. Setting it to "${entry.level}" is ignored.`,
        range: rangeOf(document, entry.value),
        fixes: [
          { title: `Set "${entry.id}" to error`, edits: [replaceScalar(document, entry.value, 'error')], preferred: true },
          ...(removal ? [removal] : []),
        ],
      });
    }
  },
};

/** Deletes the entry's whole line, when it has one to itself (block style, as configs are usually written). */
function removeEntry(document: TextDocument, entry: LevelEntry): Fix | undefined {
  const start = rangeOf(document, entry.key).start;
  const end = rangeOf(document, entry.value).end;
  const before = document.getText({ start: { line: start.line, character: 0 }, end: start });
  const after = document.getText({ start: end, end: { line: end.line + 1, character: 0 } });
  if (start.line !== end.line || before.trim() !== '' || !/^\s*(#.*)?(\r?\n)?$/.test(after)) return undefined;
  return { title: `Remove the "${entry.id}" entry`, edits: [{ range: { start: { line: start.line, character: 0 }, end: { line: end.line + 1, character: 0 } }, newText: '' }] };
}
