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
  readonly key: string;
  readonly analysis: Analysis;
  readonly model: string;
}

/**
 * Every policy file the server knows: open documents, and the workspace's files on disk (read at
 * start and kept current from watched-file events). Conflicts need all files of a model, open or not.
 * Analyses are cached per file version and per model membership, so an edit re-analyses one file
 * and re-runs the conflict analysis of its model only.
 */
export class Workspace {
  private readonly disk = new Map<string, TextDocument>();
  private readonly openGeneration = new Map<string, number>();
  private readonly fileCache = new Map<string, FileEntry>();
  private readonly members = new Map<string, Set<string>>();
  private readonly modelCache = new Map<string, { key: string; findings: Map<string, Finding[]> }>();
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

  /** (Re)reads a policy file from disk after a watched-file event; false when it cannot be read. */
  load(uri: string): boolean {
    try {
      const path = fileURLToPath(uri);
      if (statSync(path).size > MAX_POLICY_BYTES) return false;
      this.disk.set(uri, TextDocument.create(uri, 'yaml', ++this.counter, readFileSync(path, 'utf8')));
      return true;
    } catch {
      this.disk.delete(uri);
      return false;
    }
  }

  unload(uri: string): void {
    this.disk.delete(uri);
    if (!this.open.get(uri)) this.forget(uri);
  }

  opened(uri: string): void {
    this.openGeneration.set(uri, ++this.counter);
  }

  /** A closed document falls back to its copy on disk, if any. */
  closed(uri: string): void {
    this.openGeneration.delete(uri);
    if (!this.disk.has(uri)) this.forget(uri);
  }

  isPolicy(uri: string): boolean {
    return isPolicyFileName(uriPath(uri)) && !!this.document(uri);
  }

  /** Open documents of the same model as `uri` (itself included), whose diagnostics an edit may change. */
  openModelMembers(uri: string): string[] {
    const model = this.entry(uri)?.model;
    const uris = model ? [...(this.members.get(model) ?? [])] : [uri];
    return uris.filter((u) => this.open.get(u));
  }

  /** All findings for a file, its own and its model's, with an id that changes whenever they may. */
  analysis(uri: string): { analysis: Analysis; resultId: string } | undefined {
    const entry = this.entry(uri);
    if (!entry) return undefined;
    const model = this.modelFindings(entry.model);
    const extra = model.findings.get(uri) ?? [];
    const analysis = extra.length ? { file: entry.analysis.file, findings: [...entry.analysis.findings, ...extra].sort(byPosition) } : entry.analysis;
    return { analysis, resultId: `${entry.key}|${model.key}` };
  }

  private document(uri: string): TextDocument | undefined {
    return this.open.get(uri) ?? this.disk.get(uri);
  }

  private entry(uri: string): FileEntry | undefined {
    const document = this.document(uri);
    if (!document || !isPolicyFileName(uriPath(uri))) return undefined;
    const key = this.open.get(uri) ? `o${this.openGeneration.get(uri) ?? 0}.${document.version}` : `d${document.version}`;
    const cached = this.fileCache.get(uri);
    if (cached?.key === key) return cached;
    const analysis = analyzeFile(document);
    const model = analysis.file ? modelKey(analysis.file) : `file:${uri}`;
    if (cached && cached.model !== model) this.members.get(cached.model)?.delete(uri);
    if (!this.members.has(model)) this.members.set(model, new Set());
    this.members.get(model)!.add(uri);
    const entry = { key, analysis, model };
    this.fileCache.set(uri, entry);
    return entry;
  }

  private modelFindings(model: string): { key: string; findings: Map<string, Finding[]> } {
    const entries = [...(this.members.get(model) ?? [])]
      .sort()
      .map((uri) => [uri, this.entry(uri)] as const)
      .filter((e): e is readonly [string, FileEntry] => !!e[1] && e[1].model === model);
    const key = entries.map(([uri, e]) => `${uri}@${e.key}`).join(';');
    const cached = this.modelCache.get(model);
    if (cached?.key === key) return { key: shortHash(key), findings: cached.findings };
    const findings = analyzeModel(entries.flatMap(([, e]) => (e.analysis.file ? [e.analysis.file] : [])));
    this.modelCache.set(model, { key, findings });
    return { key: shortHash(key), findings };
  }

  private forget(uri: string): void {
    const cached = this.fileCache.get(uri);
    if (cached) this.members.get(cached.model)?.delete(uri);
    this.fileCache.delete(uri);
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
