import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyze, type Analysis } from '../engine';

/** One analysis per document version: diagnostics, hovers and code actions of a version share it. */
export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; analysis: Analysis }>();

  get(document: TextDocument): Analysis {
    const entry = this.entries.get(document.uri);
    if (entry?.version === document.version) return entry.analysis;
    const analysis = analyze(document);
    this.entries.set(document.uri, { version: document.version, analysis });
    return analysis;
  }

  forget(uri: string): void {
    this.entries.delete(uri);
  }
}
