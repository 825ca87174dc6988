import { analyzeFile, analyzeModel, byPosition, isPolicyFileName, modelKey, type Analysis, type Finding, type PolicyFile } from '../engine';
import { keyOf, type Files } from './files';

interface FileEntry {
  readonly version: string;
  /** The text and URI analysed: open documents are updated in place, so they are kept here. */
  readonly text: string;
  readonly uri: string;
  readonly analysis: Analysis;
  readonly model: string;
}

/**
 * The analyses of the policy files among `files`. Conflicts need all files of a model, open or not.
 * Analyses are cached per file version and per model membership, so an edit re-analyses one file
 * and re-runs the conflict analysis of its model only.
 */
export class Workspace {
  private readonly fileCache = new Map<string, FileEntry>();
  private readonly members = new Map<string, Set<string>>();
  private readonly modelCache = new Map<string, { version: string; findings: Map<string, Finding[]> }>();

  /** `excluded`: files a config ignores; CI never reads them, so they take no part in conflicts. */
  constructor(
    private readonly files: Files,
    private readonly excluded: (key: string) => boolean,
  ) {}

  /** Every policy file known, by key. */
  policyKeys(): string[] {
    return this.files.keys().filter(isPolicyFileName);
  }

  /**
   * The files (as the editor, or else the scan, spells their URIs) of the model `uri` belongs to.
   * With `asAnalysed`, the model of its last analysis: after an edit that changed `model:`, a close
   * or a deletion, that is the model whose files must be refreshed too.
   */
  modelMembers(uri: string, asAnalysed = false): string[] {
    const key = keyOf(uri);
    const model = asAnalysed ? this.fileCache.get(key)?.model : this.entry(key)?.model;
    const keys = model ? [...(this.members.get(model) ?? [])] : [key];
    return keys.flatMap((k) => this.files.document(k)?.uri ?? []);
  }

  /** The parsed policy files of the model `uri` belongs to (what completion and dry runs read across files). */
  modelFiles(uri: string): PolicyFile[] {
    return this.modelMembers(uri).flatMap((member) => this.parsed(keyOf(member)) ?? []);
  }

  /** All findings for a file, its own and its model's, with an id that changes whenever they may. */
  analysis(uri: string): { analysis: Analysis; resultId: string } | undefined {
    const key = keyOf(uri);
    const entry = this.entry(key);
    if (!entry) return undefined;
    const model = this.modelFindings(entry.model);
    const extra = model.findings.get(entry.uri) ?? [];
    const analysis = extra.length ? { file: entry.analysis.file, findings: [...entry.analysis.findings, ...extra].sort(byPosition) } : entry.analysis;
    return { analysis, resultId: `${entry.version}|${model.version}` };
  }

  /** A policy file as parsed (undefined when it is not one, or a source rule refused it). */
  parsed(key: string): PolicyFile | undefined {
    return this.entry(key)?.analysis.file;
  }

  /** Analyses a file ahead of need: the initial scan does it a chunk at a time, between requests. */
  prepare(uri: string): void {
    this.entry(keyOf(uri));
  }

  /** Drops what is cached for a file the index no longer has. */
  forget(uri: string): void {
    const key = keyOf(uri);
    if (this.files.has(key)) return;
    const cached = this.fileCache.get(key);
    if (cached) this.members.get(cached.model)?.delete(key);
    this.fileCache.delete(key);
  }

  private entry(key: string): FileEntry | undefined {
    const document = this.files.document(key);
    const version = this.files.version(key);
    if (!document || !version || !isPolicyFileName(key)) return undefined;
    const cached = this.fileCache.get(key);
    if (cached?.version === version) return cached;
    // Opening a file that is unchanged on disk, or closing one without unsaved edits, needs no new analysis.
    const text = document.getText();
    const analysis = cached && cached.uri === document.uri && cached.text === text ? cached.analysis : analyzeFile(document);
    const model = analysis.file ? modelKey(analysis.file) : `file:${key}`;
    if (cached && cached.model !== model) this.members.get(cached.model)?.delete(key);
    if (!this.members.has(model)) this.members.set(model, new Set());
    this.members.get(model)!.add(key);
    const entry = { version, text, uri: document.uri, analysis, model };
    this.fileCache.set(key, entry);
    return entry;
  }

  private modelFindings(model: string): { version: string; findings: Map<string, Finding[]> } {
    const entries = [...(this.members.get(model) ?? [])]
      .sort()
      .filter((key) => !this.excluded(key))
      .map((key) => [key, this.entry(key)] as const)
      .filter((e): e is readonly [string, FileEntry] => !!e[1] && e[1].model === model);
    const version = shortHash(entries.map(([key, e]) => `${key}@${e.version}`).join(';'));
    const cached = this.modelCache.get(model);
    if (cached?.version === version) return cached;
    const findings = analyzeModel(entries.flatMap(([, e]) => (e.analysis.file ? [e.analysis.file] : [])));
    const result = { version, findings };
    this.modelCache.set(model, result);
    return result;
  }
}

/** FNV-1a: result ids stay short however many files a model has. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
