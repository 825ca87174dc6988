import { basename } from 'node:path';
import { isScalar, isSeq, type Scalar } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import type { ModelFolder } from '../../folder/model-folder';
import { rangeOf, type PolicyFile, type SloView } from '../../policy/parse';

/** An SLO with the policy file it is written in: a model's policy may be split over several files of its folder. */
export interface FolderSlo {
  readonly file: PolicyFile;
  readonly slo: SloView;
}

/** The SLO that covers every never event of the card without listing them. */
export const ALL_NEVER_EVENTS_SLO = 'never_event_violations';

export function folderSlos(folder: ModelFolder): FolderSlo[] {
  return folder.policies.flatMap((file) => file.slos.map((slo) => ({ file, slo })));
}

/** The SLO names of the folder, each once, in file order. */
export function sloNames(folder: ModelFolder): string[] {
  return [...new Set(folderSlos(folder).flatMap(({ slo }) => slo.name ?? []))];
}

/** An SLO covers a never event when it lists its id, or when it is the SLO that covers them all. */
export function coversNeverEvent({ slo }: FolderSlo, id: string): boolean {
  return slo.name === ALL_NEVER_EVENTS_SLO || listedNeverEvents(slo).some((listed) => listed.id === id);
}

/** Where an SLO is named: related locations point there. */
export function nameRange({ file, slo }: FolderSlo): Range {
  return rangeOf(file.document, slo.fields.get('name')?.value ?? slo.node);
}

/** The never-event ids an SLO lists (`never_events: [NE-1]`), each with its scalar. */
export function listedNeverEvents(slo: SloView): { readonly id: string; readonly node: Scalar }[] {
  const list = slo.fields.get('never_events')?.value;
  if (!isSeq(list)) return [];
  return list.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' ? [{ id: item.value, node: item as Scalar }] : []));
}

/** How messages name the policy: its file, or its files when it is split. */
export function policyFileNames(folder: ModelFolder): string {
  return folder.policies.map((p) => decodeURIComponent(basename(new URL(p.document.uri).pathname))).join(', ');
}

/** Names for a message: all of them when few, else the first ones and how many more. */
export function listed(names: readonly string[], most = 6): string {
  const shown = names.slice(0, most).join(', ');
  return names.length > most ? `${shown} and ${names.length - most} more` : shown;
}
