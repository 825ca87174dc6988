import { DEFAULT_CARD_FILE_NAME } from '../../../folder/file-names';
import { newCardText } from '../../../folder/new-files';
import type { Rule } from '../../rule';
import { createFile, modelRange } from '../missing-file';
import { modelName } from '../../../policy/parse';

export const rule: Rule = {
  kind: 'folder',
  meta: {
    id: 'model/missing-card',
    defaultSeverity: 'warning',
    description: 'A model folder has a model card beside its policy, and `model_card:`, when given, names a file that exists.',
  },
  check({ folder, report }) {
    const link = folder.brokenCardLink;
    if (link) {
      report(link.file.document, {
        message: `\`model_card\` names "${link.path}", which does not exist: create the model card there, or correct the path.`,
        range: link.range,
        fixes: [createFile(link.file, link.path, newCardText(folder, link.path))],
      });
      return;
    }
    if (folder.card) return;
    const main = folder.policies[0];
    report(main.document, {
      message: `${modelName(main) ?? 'This model'} has no model card: add ${DEFAULT_CARD_FILE_NAME} beside the policy (or model-card.md, a README.md with card front matter, or a path in \`model_card:\`) with its human objective, proxies, never events and safe mode.`,
      range: modelRange(main),
      fixes: [createFile(main, DEFAULT_CARD_FILE_NAME, newCardText(folder, DEFAULT_CARD_FILE_NAME))],
    });
  },
};
