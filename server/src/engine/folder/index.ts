export { analyzeFolder } from './analyze-folder';
export { CARD_FILE_NAMES, DEFAULT_CARD_FILE_NAME, DEFAULT_NOTE_FILE_NAME, isCardFileName, isNoteFileName, isReadmeFileName, mayBeMarkdownSpec, NOTES_FOLDER } from './file-names';
export { candidateFolder, hasCardFrontMatter, isMainPolicyFileName, modelFolder, modelNote, type BrokenCardLink, type CardFile, type FolderLookup, type ModelFolder, type NoteFile } from './model-folder';
export { cardTemplate, noteTemplate, type CardTemplateInput, type NoteTemplateInput } from './templates';
export { newCardText, newNoteText } from './new-files';
