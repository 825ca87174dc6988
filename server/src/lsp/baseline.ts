import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { matchBaseline, parseBaseline, toDiagnostic, type Baseline, type BaselineEntry, type Finding } from '../engine';
import { readText } from './files';
import type { BaselineSeverity } from './settings';

const SHOWN_AS: Record<Exclude<BaselineSeverity, 'unchanged' | 'hide'>, DiagnosticSeverity> = {
  hint: DiagnosticSeverity.Hint,
  information: DiagnosticSeverity.Information,
};

/** A baseline file as the editor uses it: entries by the path they record. */
export class EditorBaseline {
  private readonly byPath = new Map<string, BaselineEntry[]>();

  private constructor(
    baseline: Baseline,
    private readonly severity: BaselineSeverity,
  ) {
    for (const entry of baseline.entries) {
      const list = this.byPath.get(entry.path);
      if (list) list.push(entry);
      else this.byPath.set(entry.path, [entry]);
    }
  }

  /** Reads a baseline file; a one-line reason when it cannot be used. */
  static read(path: string, severity: BaselineSeverity): EditorBaseline | { error: string } {
    const read = readText(path);
    if ('error' in read) return read;
    const baseline = parseBaseline(read.text);
    return 'error' in baseline ? baseline : new EditorBaseline(baseline, severity);
  }

  /**
   * One file's diagnostics, the findings the baseline records shown as configured. The CLI matches
   * all files at once, entries of a file's own path first; per file, the same outcome comes from
   * offering a file the entries of its own path and those of paths no indexed file has (a renamed
   * file keeps its baseline, a copied one does not take its original's).
   */
  diagnostics(path: string, findings: readonly Finding[], indexedPaths: ReadonlySet<string>): Diagnostic[] {
    const entries = [...(this.byPath.get(path) ?? [])];
    for (const [other, list] of this.byPath) if (other !== path && !indexedPaths.has(other)) entries.push(...list);
    if (!entries.length) return findings.map(toDiagnostic);
    const known = new Set(matchBaseline([{ path, findings }], { entries }).known.get(path));
    return findings.flatMap((finding) => {
      const diagnostic = toDiagnostic(finding);
      if (!known.has(finding)) return [diagnostic];
      if (this.severity === 'hide') return [];
      const severity = this.severity === 'unchanged' ? diagnostic.severity : SHOWN_AS[this.severity];
      return [{ ...diagnostic, severity, message: `${diagnostic.message} (in baseline)` }];
    });
  }
}
