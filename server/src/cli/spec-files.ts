import { readdirSync } from 'node:fs';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeCard, analyzeFile, analyzeNote, type DeliberationNote, type Finding, type FolderLookup, type ModelCard, type NoteOptions, type PolicyFile } from '../engine';
import { readInput } from './read-policy';

/** A file as read, with the path the reports show. */
export interface Readable {
  readonly path: string;
  readonly document: TextDocument;
}

/** A card's or a note's own findings, with what the engine parsed. */
type Checked<T> = { readonly parsed: T; readonly findings: readonly Finding[] };

/**
 * The spec files of one run by absolute path, each read, parsed and analysed at most once: the inputs, and
 * the files their model folders reach (a card `model_card:` names, the notes, the other policy files of a
 * folder). Answers the engine's FolderLookup from disk; a file that cannot be read is not there.
 */
export class SpecFiles implements FolderLookup {
  private readonly files = new Map<string, Readable | undefined>();
  private readonly policies = new Map<string, PolicyFile | undefined>();
  private readonly cards = new Map<string, Checked<ModelCard> | undefined>();
  private readonly notes = new Map<string, Checked<DeliberationNote> | undefined>();

  /** `noteOptions`: the day and word limit a note is judged with (the word limit is per file: its config). */
  constructor(private readonly noteOptions: (path: string) => NoteOptions) {}

  /** An input already read: the lookup answers with this very document (same URI, same findings). */
  add(path: string, file: Readable): void {
    this.files.set(path, file);
  }

  /** An input policy already analysed with the others (undefined: a source rule refused it). */
  addPolicy(path: string, file: Readable, parsed: PolicyFile | undefined): void {
    this.files.set(path, file);
    this.policies.set(path, parsed);
  }

  read(path: string): Readable | undefined {
    return cached(this.files, path, () => {
      const read = readInput(path);
      return 'error' in read ? undefined : read;
    });
  }

  list(folder: string): readonly string[] {
    try {
      return readdirSync(folder);
    } catch {
      return [];
    }
  }

  policy(path: string): PolicyFile | undefined {
    // Through analyzeFile, not parsePolicy: a file the source rules refuse (too large) is not parsed.
    return cached(this.policies, path, () => this.withDocument(path, (d) => analyzeFile(d).file));
  }

  card(path: string): ModelCard | undefined {
    return this.checkedCard(path)?.parsed;
  }

  note(path: string): DeliberationNote | undefined {
    return this.checkedNote(path)?.parsed;
  }

  /** The file checked as a model card: the card rules' findings. */
  checkedCard(path: string): Checked<ModelCard> | undefined {
    return cached(this.cards, path, () =>
      this.withDocument(path, (d) => {
        const { card, findings } = analyzeCard(d);
        return { parsed: card, findings };
      }),
    );
  }

  /** The file checked as a deliberation note: the note rules' findings. */
  checkedNote(path: string): Checked<DeliberationNote> | undefined {
    return cached(this.notes, path, () =>
      this.withDocument(path, (d) => {
        const { note, findings } = analyzeNote(d, this.noteOptions(path));
        return { parsed: note, findings };
      }),
    );
  }

  private withDocument<T>(path: string, use: (document: TextDocument) => T): T | undefined {
    const file = this.read(path);
    return file && use(file.document);
  }
}

function cached<T>(map: Map<string, T | undefined>, key: string, make: () => T | undefined): T | undefined {
  if (!map.has(key)) map.set(key, make());
  return map.get(key);
}
