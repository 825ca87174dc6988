import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  analyzeCard,
  analyzeFolder,
  analyzeNote,
  candidateFolder,
  isCardFileName,
  isMainPolicyFileName,
  isNoteFileName,
  isPolicyFileName,
  modelFolder,
  type Finding,
  type FolderLookup,
  type MarkdownSpec,
  type ModelFolder,
} from '../engine';
import { keyOf, type Files } from './files';
import { shortHash, type Workspace } from './workspace';

/** A model card or deliberation note of the index, parsed as the editor features read it, with its own findings. */
export interface IndexedMarkdown {
  readonly spec: MarkdownSpec;
  readonly findings: readonly Finding[];
}

interface FolderEntry {
  /** The files read to resolve it, with their versions, and the folders listed: a change to any recomputes it. */
  readonly versions: ReadonlyMap<string, string | undefined>;
  readonly listings: ReadonlyMap<string, string>;
  /** Changes whenever the folder's findings may. */
  readonly signature: string;
  readonly folder?: ModelFolder;
  readonly findings: ReadonlyMap<string, Finding[]>;
}

/**
 * The model folders of the workspace (a folder holding `safety-slos.yaml`, with its model card and
 * deliberation notes) and the findings that need the three files together. Folders are resolved from
 * the index through the engine's FolderLookup, and cached until a file they read changes.
 */
export class ModelFolders {
  private readonly markdownCache = new Map<string, { version: string; day: string; maxWords: number | undefined; indexed: IndexedMarkdown }>();
  private readonly folderCache = new Map<string, FolderEntry>();
  /** Cards outside their model folder (`model_card:`), by path: the folder that named one when last resolved. */
  private readonly cardOwners = new Map<string, string>();

  constructor(
    private readonly files: Files,
    private readonly workspace: Workspace,
    private readonly today: () => string,
    /** Folders the index reads in full: outside them it cannot know whether a card or note is there. */
    private readonly indexedFolder: (folder: string) => boolean,
  ) {}

  /**
   * A Markdown file as a card or a note (own findings at default severity); undefined for any other file.
   * A note or a card by its name is one; a README or another file only as the card its model folder uses.
   */
  markdown(key: string, maxWords: number): IndexedMarkdown | undefined {
    if (!key.toLowerCase().endsWith('.md')) return undefined;
    if (isNoteFileName(key)) return this.analysed(key, 'note', maxWords);
    if (isCardFileName(key) || this.folderOf(key)?.card?.path === key) return this.analysed(key, 'card', maxWords);
    return undefined;
  }

  /** `maxWords` undefined: any note analysis of this version will do (the folder reads only the parse). */
  private analysed(key: string, kind: MarkdownSpec['kind'], maxWords?: number): IndexedMarkdown | undefined {
    const document = this.files.document(key);
    const version = this.files.version(key);
    if (!document || !version) return undefined;
    const day = this.today();
    const cached = this.markdownCache.get(key);
    const fresh = cached?.version === version && cached.indexed.spec.kind === kind && (kind === 'card' || (cached.day === day && (maxWords === undefined || cached.maxWords === maxWords)));
    if (fresh) return cached.indexed;
    let indexed: IndexedMarkdown;
    if (kind === 'note') {
      const { note, findings } = analyzeNote(document, { today: day, maxWords });
      indexed = { spec: { kind, note }, findings };
    } else {
      const { card, findings } = analyzeCard(document);
      indexed = { spec: { kind, card }, findings };
    }
    this.markdownCache.set(key, { version, day, maxWords, indexed });
    return indexed;
  }

  /** The model folder a policy, card or note belongs to. */
  folderOf(key: string): ModelFolder | undefined {
    const own = this.folder(isPolicyFileName(key) ? dirname(key) : candidateFolder(key));
    if (own && (isPolicyFileName(key) || this.belongs(own, key))) return own;
    return this.linkingFolder(key);
  }

  /** The findings of `key`'s model folder that land on `key`. */
  folderFindings(key: string): readonly Finding[] {
    const folder = this.folderOf(key);
    const entry = folder && this.folderCache.get(folder.folder);
    return entry?.findings.get(this.files.document(key)?.uri ?? '') ?? [];
  }

  /** Every indexed file of the model folder `key` belongs to (as the index spells their URIs). */
  members(key: string): string[] {
    const folder = this.folderOf(key);
    if (!folder) return [];
    const paths = [...folder.policies.map((p) => keyOf(p.document.uri)), ...(folder.card ? [folder.card.path] : []), ...folder.notes.map((n) => n.path)];
    return paths.flatMap((p) => this.files.document(p)?.uri ?? []);
  }

  /** A string that changes whenever the folder findings of `key` may (part of its diagnostics' result id). */
  signature(key: string): string {
    const folder = this.folderOf(key);
    return (folder && this.folderCache.get(folder.folder)?.signature) ?? '';
  }

  private unchanged(entry: FolderEntry): boolean {
    return [...entry.listings].every(([f, names]) => this.files.list(f).join('\n') === names) && [...entry.versions].every(([k, v]) => this.files.version(k) === v);
  }

  private belongs(folder: ModelFolder, key: string): boolean {
    return folder.card?.path === key || folder.notes.some((n) => n.path === key);
  }

  /** A card outside its model folder, named by a policy's `model_card:`. */
  private linkingFolder(key: string): ModelFolder | undefined {
    const owner = this.cardOwners.get(key);
    const folder = owner === undefined ? undefined : this.folder(owner);
    return folder?.card?.path === key ? folder : undefined;
  }

  /**
   * Resolves the model folder of every main policy the index holds, so that cards named by `model_card:` from
   * elsewhere are known (`linkingFolder`) before anything asks which Markdown files are cards. Cached: cheap.
   */
  resolveAll(): void {
    for (const key of this.workspace.policyKeys()) if (isMainPolicyFileName(key)) this.folder(dirname(key));
  }

  private folder(path: string): ModelFolder | undefined {
    // A policy opened from outside the workspace: its folder's files are not indexed, so nothing is said about them.
    if (!this.indexedFolder(path)) return undefined;
    const cached = this.folderCache.get(path);
    if (cached && this.unchanged(cached)) return cached.folder;
    const versions = new Map<string, string | undefined>();
    const listings = new Map<string, string>();
    const listed = (folder: string) => {
      const names = this.files.list(folder);
      listings.set(folder, names.join('\n'));
      return names;
    };
    const read = (key: string) => {
      versions.set(key, this.files.version(key));
      return key;
    };
    const lookup: FolderLookup = {
      list: (folder) => listed(folder),
      policy: (p) => this.workspace.parsed(read(p)),
      // Read as the kind asked for: the engine decides whether a README's front matter makes it the card.
      card: (p) => {
        const spec = this.analysed(read(this.indexLinked(p)), 'card')?.spec;
        return spec?.kind === 'card' ? spec.card : undefined;
      },
      note: (p) => {
        const spec = this.analysed(read(p), 'note')?.spec;
        return spec?.kind === 'note' ? spec.note : undefined;
      },
    };
    const folder = modelFolder(path, lookup);
    if (folder?.card && dirname(folder.card.path) !== path) this.cardOwners.set(folder.card.path, path);
    const signature = shortHash([...versions].map(([k, v]) => `${k}@${v}`).join(';'));
    const entry = { versions, listings, signature, folder, findings: folder ? analyzeFolder(folder) : new Map<string, Finding[]>() };
    this.folderCache.set(path, entry);
    return folder;
  }

  /** A card named by `model_card:` need not match the scan's names: it joins the index when first named. */
  private indexLinked(path: string): string {
    if (!this.files.has(path)) this.files.load(pathToFileURL(path).href);
    return path;
  }


}
