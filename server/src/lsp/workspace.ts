import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeFile, analyzeModel, byPosition, isPolicyFileName, MAX_POLICY_BYTES, modelKey, type Analysis, type Finding } from '../engine';
import { uriPath } from './uri';

/** Bounds on the initial scan, so a huge repository cannot stall the server. */
const MAX_SCANNED_FILES = 5000;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out']);

interface FileEntry {
  readonly version: string;
  /** The text and URI analysed: open documents are updated in place, so they are kept here. */
  readonly text: string;
  readonly uri: string;
  readonly analysis: Analysis;
  readonly model: string;
}

/**
 * One key per file however its URI is spelled: editors and Node encode characters such as
 * parentheses differently (`%28` or `(`), and a file must not count twice in its model.
 */
function keyOf(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

/**
 * Every policy file the server knows: open documents, and the workspace's files on disk (read at
 * start and kept current from watched-file events). Conflicts need all files of a model, open or not.
 * Analyses are cached per file version and per model membership, so an edit re-analyses one file
 * and re-runs the conflict analysis of its model only.
 */
export class Workspace {
  private readonly disk = new Map<string, TextDocument>();
  /** Open files: their key, the URI the editor spells them with, and a generation per opening. */
  private readonly openFiles = new Map<string, { uri: string; generation: number }>();
  private readonly fileCache = new Map<string, FileEntry>();
  private readonly members = new Map<string, Set<string>>();
  private readonly modelCache = new Map<string, { version: string; findings: Map<string, Finding[]> }>();
  private counter = 0;

  constructor(private readonly open: TextDocuments<TextDocument>) {}

  /** Reads the policy files under the workspace folders; returns how many were found. */
  scan(folderUris: readonly string[]): number {
    let found = 0;
    const walk = (folder: string) => {
      let entries;
      try {
        entries = readdirSync(folder, { withFileTypes: true });
      } catch {
        return; // unreadable folder: nothing to index there
      }
      for (const entry of entries) {
        if (found >= MAX_SCANNED_FILES) return;
        const path = join(folder, entry.name);
        if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) walk(path);
        else if (entry.isFile() && isPolicyFileName(entry.name) && this.load(pathToFileURL(path).href)) found++;
      }
    };
    for (const uri of folderUris) if (uri.startsWith('file:')) walk(fileURLToPath(uri));
    return found;
  }

  /** (Re)reads a policy file from disk; false when it cannot be read. The file joins its model. */
  load(uri: string): boolean {
    const key = keyOf(uri);
    try {
      if (statSync(key).size > MAX_POLICY_BYTES) throw new Error('too large to index');
      this.disk.set(key, TextDocument.create(uri, 'yaml', ++this.counter, readFileSync(key, 'utf8')));
      this.entry(key);
      return true;
    } catch {
      this.unload(uri);
      return false;
    }
  }

  unload(uri: string): void {
    const key = keyOf(uri);
    this.disk.delete(key);
    if (!this.openFiles.has(key)) this.forget(key);
  }

  opened(uri: string): void {
    this.openFiles.set(keyOf(uri), { uri, generation: ++this.counter });
  }

  /** A closed file falls back to its copy on disk, read afresh (it may have been saved). */
  closed(uri: string): void {
    const key = keyOf(uri);
    this.openFiles.delete(key);
    if (uri.startsWith('file:') && isPolicyFileName(uriPath(uri))) this.load(uri);
    else this.forget(key);
  }

  isPolicy(uri: string): boolean {
    return isPolicyFileName(uriPath(uri)) && !!this.document(keyOf(uri));
  }

  /**
   * Open files (as the editor spells their URIs) of the model `uri` belongs to. With `asAnalysed`,
   * the model of its last analysis: after an edit that changed `model:`, or a close, that is the
   * model whose files must be refreshed too.
   */
  openModelMembers(uri: string, asAnalysed = false): string[] {
    const key = keyOf(uri);
    const model = asAnalysed ? this.fileCache.get(key)?.model : this.entry(key)?.model;
    const keys = model ? [...(this.members.get(model) ?? [])] : [key];
    return keys.flatMap((k) => {
      const open = this.openFiles.get(k);
      return open && this.open.get(open.uri) ? [open.uri] : [];
    });
  }

  /** All findings for a file, its own and its model's, with an id that changes whenever they may. */
  analysis(uri: string): { analysis: Analysis; resultId: string } | undefined {
    const key = keyOf(uri);
    const entry = this.entry(key);
    if (!entry) return undefined;
    const model = this.modelFindings(entry.model);
    const extra = model.findings.get(this.document(key)!.uri) ?? [];
    const analysis = extra.length ? { file: entry.analysis.file, findings: [...entry.analysis.findings, ...extra].sort(byPosition) } : entry.analysis;
    return { analysis, resultId: `${entry.version}|${model.version}` };
  }

  private document(key: string): TextDocument | undefined {
    const open = this.openFiles.get(key);
    return (open && this.open.get(open.uri)) || this.disk.get(key);
  }

  private entry(key: string): FileEntry | undefined {
    const document = this.document(key);
    if (!document || !isPolicyFileName(uriPath(document.uri))) return undefined;
    const open = this.openFiles.get(key);
    const version = open && this.open.get(open.uri) ? `o${open.generation}.${document.version}` : `d${document.version}`;
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

  private forget(key: string): void {
    const cached = this.fileCache.get(key);
    if (cached) this.members.get(cached.model)?.delete(key);
    this.fileCache.delete(key);
  }
}

/** FNV-1a: result ids stay short however many files a model has. */
function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}
