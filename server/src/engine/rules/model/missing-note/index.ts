import { today } from '../../../dates';
import { DEFAULT_NOTE_FILE_NAME, NOTES_FOLDER } from '../../../folder/file-names';
import { newNoteText } from '../../../folder/new-files';
import type { Rule } from '../../rule';
import { createFile, modelRange } from '../missing-file';
import { modelName } from '../../../policy/parse';

export const rule: Rule = {
  kind: 'folder',
  meta: {
    id: 'model/missing-note',
    defaultSeverity: 'warning',
    description: 'A model folder has a deliberation note recording the decisions behind its policy.',
  },
  check({ folder, report }) {
    if (folder.notes.length) return;
    const main = folder.policies[0];
    const model = modelName(main);
    report(main.document, {
      message: `${model ?? 'This model'} has no deliberation note: record why the policy is what it is in ${DEFAULT_NOTE_FILE_NAME} beside it (or one note per change in ${NOTES_FOLDER}/): the change, alternatives, who is affected, feedback, disagreement, and the decision with an owner for each action.`,
      range: modelRange(main),
      // The date the note is created on: a fix is a suggestion made now, not part of what the files say.
      fixes: [createFile(main, DEFAULT_NOTE_FILE_NAME, newNoteText(folder, today()))],
    });
  },
};
