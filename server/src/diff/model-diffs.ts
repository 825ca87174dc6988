import { modelKey, groupByModel } from '../engine/analyze';
import { sloDiff, type NoteVersion, type SloDiff } from '../engine/diff';
import type { ModelFolder } from '../engine/folder/model-folder';
import type { DeliberationNote } from '../engine/note/parse';
import { modelName, type PolicyFile } from '../engine/policy/parse';
import type { BaseVersions } from './base-versions';

/** One model as the working tree has it: its policy files and the notes of its folder. */
export interface HeadModel {
  readonly files: readonly PolicyFile[];
  readonly notes: readonly { readonly path: string; readonly note: DeliberationNote }[];
}

/** A head note against the base: added (no file at that path), changed (other text) or unchanged. */
function noteVersions(base: BaseVersions, notes: HeadModel['notes']): NoteVersion[] {
  return notes.map(({ path, note }) => {
    const old = base.notes.get(path);
    const text = note.markdown.document.getText();
    return { uri: note.markdown.document.uri, note, status: old === undefined ? 'added' : old === text ? 'unchanged' : 'changed' };
  });
}

/** The diff of one model: its files at the base are those with the same model key (`model:` name, else the path). */
export function diffModel(base: BaseVersions, head: HeadModel): SloDiff {
  const key = modelKey(head.files[0]);
  return sloDiff({
    base: base.base.label,
    ...modelField(head.files),
    before: base.policies.filter((f) => modelKey(f) === key),
    after: head.files,
    notes: noteVersions(base, head.notes),
  });
}

/**
 * Every model's diff, plus the models only the base has (a deleted policy: everything in it is removed).
 * `within` narrows those to the paths asked about, as the head models already are.
 */
export function diffModels(base: BaseVersions, heads: readonly HeadModel[], within: (uri: string) => boolean): SloDiff[] {
  const seen = new Set(heads.map((h) => modelKey(h.files[0])));
  const gone = groupByModel(base.policies.filter((f) => within(f.document.uri))).filter((files) => !seen.has(modelKey(files[0])));
  return [
    ...heads.map((head) => diffModel(base, head)),
    ...gone.map((files) => sloDiff({ base: base.base.label, ...modelField(files), before: files, after: [], notes: [] })),
  ];
}

/** The `model:` of the first of a model's files that names it, as sloDiff takes it. */
function modelField(files: readonly PolicyFile[]): { model?: string } {
  const name = files.map(modelName).find((n) => n !== undefined);
  return name ? { model: name } : {};
}

/** A model's policy files with the notes of the model folders they are in (usually one). */
export function headModel(files: readonly PolicyFile[], folders: readonly ModelFolder[]): HeadModel {
  const notes = new Map(folders.flatMap((f) => f.notes).map((n) => [n.path, { path: n.path, note: n.note }]));
  return { files, notes: [...notes.values()] };
}
