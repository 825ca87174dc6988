import { folderSlos, listedNeverEvents, sloNames } from '../rules/model/folder-slos';
import { besidePolicy, relativeUri } from '../rules/model/missing-file';
import { modelName } from '../policy/parse';
import type { ModelFolder } from './model-folder';
import { cardTemplate, noteTemplate } from './templates';

/**
 * The text of a new card or note for a model folder, filled in from its policy: used by the fixes that create
 * a missing one and by the "New Model Card" / "New Deliberation Note" commands, so both write the same file.
 */

/** A card to be created at `path` (relative to the main policy): its SLOs as proxies, the never events they name. */
export function newCardText(folder: ModelFolder, path: string): string {
  const main = folder.policies[0];
  const ids = new Set(folderSlos(folder).flatMap(({ slo }) => listedNeverEvents(slo).map((e) => e.id)));
  return cardTemplate({
    model: modelName(main),
    slos: sloNames(folder),
    neverEvents: [...ids].map((id) => ({ id })),
    policy: relativeUri(besidePolicy(main, path), main.document.uri),
  });
}

/** A note dated `today` touching every SLO of the folder (the author trims the list to the change). */
export function newNoteText(folder: ModelFolder, today: string): string {
  return noteTemplate({ model: modelName(folder.policies[0]), slos: sloNames(folder), today });
}
