import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../engine';

interface Entry {
  readonly version: number;
  readonly analysis: Analysis;
  /** Unique across the server's life, unlike versions, which restart when a document is reopened. */
  readonly resultId: string;
}

/** One analysis per document version: diagnostics, hovers and code actions of a version share it. */
export class AnalysisCache {
  private readonly entries = new Map<string, Entry>();
  private analyses = 0;

  get(document: TextDocument): Analysis {
    return this.entry(document).analysis;
  }

  /** The result id for pull diagnostics of this version. */
  resultId(document: TextDocument): string {
    return this.entry(document).resultId;
  }

  private entry(document: TextDocument): Entry {
    const cached = this.entries.get(document.uri);
    if (cached?.version === document.version) return cached;
    const entry = { version: document.version, analysis: analyze(document), resultId: String(++this.analyses) };
    this.entries.set(document.uri, entry);
    return entry;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
