export { sloDiff, type DiffInput } from './slo-diff';
export { type Acknowledgement, type Aspect, type Change, type ChangeClass, type ChangeKind, type DiffedChange, type NoteVersion, type Site, type SloDiff, type Subject } from './types';
export { analyzeDiff } from './analyze-diff';
export { aspectText, diffJson, diffMarkdown, diffText, diffTitle, verdictText, type FileLabel } from './render';
