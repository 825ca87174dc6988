import { readFileSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MAX_POLICY_BYTES } from '../engine';

/**
 * One key per file however its URI is spelled: editors and Node encode characters such as
 * parentheses differently (`%28` or `(`), and a file must not count twice. For file: URIs the key
 * is the file-system path, which is also what config discovery works with.
 */
export function keyOf(uri: string): string {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  } catch {
    return uri;
  }
}

/** A file's text, or a one-line reason it cannot be read (for settings that name files). */
export function readText(path: string): { text: string } | { error: string } {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? (e as Error).message})` };
  }
}

/**
 * The text of every file the server indexes (policy and config files): copies read from disk under
 * the workspace folders, kept current from watched-file events, and open documents, which win over
 * their disk copies while open.
 */
export class Files {
  private readonly disk = new Map<string, TextDocument>();
  /** Open files: the URI the editor spells them with, and a generation per opening (versions restart at 1). */
  private readonly openFiles = new Map<string, { uri: string; generation: number }>();
  private counter = 0;
  private revisions = 0;
  private folders: { revision: number; names: Map<string, Set<string>> } | undefined;

  /** `indexed`: whether a path belongs to the workspace, so that its disk copy counts once it is closed. */
  constructor(
    private readonly open: TextDocuments<TextDocument>,
    private readonly indexed: (path: string) => boolean,
  ) {}

  /** (Re)reads a file from disk; false when it cannot be read (then it is dropped unless open). */
  load(uri: string): boolean {
    const key = keyOf(uri);
    this.revisions++;
    try {
      if (statSync(key).size > MAX_POLICY_BYTES) throw new Error('too large to index');
      this.disk.set(key, TextDocument.create(uri, key.toLowerCase().endsWith('.md') ? 'markdown' : 'yaml', ++this.counter, readFileSync(key, 'utf8')));
      return true;
    } catch {
      this.disk.delete(key);
      return false;
    }
  }

  unload(uri: string): void {
    this.revisions++;
    this.disk.delete(keyOf(uri));
  }

  opened(uri: string): void {
    this.revisions++;
    this.openFiles.set(keyOf(uri), { uri, generation: ++this.counter });
  }

  /** A closed file falls back to its copy on disk, read afresh (it may have been saved), if it is in the workspace. */
  closed(uri: string): void {
    const key = keyOf(uri);
    this.revisions++;
    this.openFiles.delete(key);
    if (uri.startsWith('file:') && this.indexed(key)) this.load(uri);
    else this.disk.delete(key);
  }

  /** Changes whenever a file may have been added or removed. */
  get revision(): number {
    return this.revisions;
  }

  /** Every file known, open or on disk. */
  keys(): string[] {
    const open = [...this.openFiles.keys()].filter((key) => this.isOpen(key) && !this.disk.has(key));
    return [...this.disk.keys(), ...open];
  }

  /** The names in a folder as the index knows it: its known files, and its subfolders that hold known files. */
  list(folder: string): readonly string[] {
    if (this.folders?.revision !== this.revisions) {
      const names = new Map<string, Set<string>>();
      const add = (parent: string, name: string) => (names.get(parent) ?? names.set(parent, new Set()).get(parent)!).add(name);
      for (const key of this.keys()) {
        add(dirname(key), basename(key));
        add(dirname(dirname(key)), basename(dirname(key)));
      }
      this.folders = { revision: this.revisions, names };
    }
    return [...(this.folders.names.get(folder) ?? [])];
  }

  has(key: string): boolean {
    return !!this.document(key);
  }

  isOpen(key: string): boolean {
    const open = this.openFiles.get(key);
    return !!open && !!this.open.get(open.uri);
  }

  /** The editor's version of an open document, which diagnostics for it carry. */
  openVersion(key: string): number | undefined {
    const open = this.openFiles.get(key);
    return open && this.open.get(open.uri)?.version;
  }

  /** The open document, else the disk copy. */
  document(key: string): TextDocument | undefined {
    const open = this.openFiles.get(key);
    return (open && this.open.get(open.uri)) || this.disk.get(key);
  }

  /** A string that changes whenever the file's text may have. */
  version(key: string): string | undefined {
    const open = this.openFiles.get(key);
    const document = open && this.open.get(open.uri);
    if (document) return `o${open.generation}.${document.version}`;
    const copy = this.disk.get(key);
    return copy && `d${copy.version}`;
  }
}
