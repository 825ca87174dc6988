/**
 * The Safety Specs engine: pure functions over a TextDocument, free of `vscode` and of any LSP
 * connection. The language server, the CLI and the tests all call these same functions.
 */
export { analyze, analyzeFile, analyzeModel, analyzeWorkspace, byPosition, groupByModel, modelKey, type Analysis } from './analyze';
export { matchBaseline, parseBaseline, serializeBaseline, type Baseline, type BaselineEntry, type BaselineMatch, type PathFindings } from './reporting/baseline';
export { today } from './dates';
export { levelOf, settle, type ReportingOptions, type Settled, type Waived, type Waiver } from './reporting/settle';
export { chainFor, configCompletion, configHover, CONFIG_FILE_NAME, isConfigFileName, parseConfig, resolveSettings, type ConfigLayer } from './config';
export { analyzeCard, parseCard, type CardAnalysis, type ModelCard } from './card';
export { isNoteFileName } from './folder';
export { toDiagnostic, DIAGNOSTIC_SOURCE } from './diagnostics';
export {
  analyzeFolder,
  candidateFolder,
  CARD_FILE_NAMES,
  DEFAULT_CARD_FILE_NAME,
  DEFAULT_NOTE_FILE_NAME,
  NOTES_FOLDER,
  hasCardFrontMatter,
  isCardFileName,
  isMainPolicyFileName,
  isReadmeFileName,
  mayBeMarkdownSpec,
  modelFolder,
  modelNote,
  newCardText,
  newNoteText,
  type CardFile,
  type FolderLookup,
  type ModelFolder,
  type NoteFile,
} from './folder';
export { codeActions } from './features/code-actions';
export { completion } from './features/completion';
export { foldingRanges } from './features/folding';
export { hover } from './features/hover';
export { documentSymbols } from './features/symbols';
export { analyzeNote, NOTE_SECTIONS, parseNote, type ActionItem, type DeliberationNote, type Mention, type NoteOptions, type NoteSectionRole, type Reviewer } from './note';
export { isPolicyFileName, POLICY_FILE_GLOB } from './policy/file-names';
export { modelName, parsePolicy, type PolicyFile } from './policy/parse';
export { RULES, RULE_BY_ID, RULE_METAS } from './rules/catalog';
export { MAX_POLICY_BYTES } from './rules/file/too-large';
export { DEFAULT_MAX_WORDS } from './rules/note/length';
export type { Finding, Fix, Level, RuleId, RuleLevels, RuleMeta, Severity } from './types';
export { markdownCompletion, markdownHover, markdownLinks, markdownSymbols, type MarkdownSpec } from './features/markdown';
export { definition, prepareRename, references, rename, type RenameResult, type RenameTarget } from './features/navigation';
export * as dryRuns from './dry-run';
export * as replays from './replay';
