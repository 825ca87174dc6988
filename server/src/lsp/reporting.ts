import { isAbsolute } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { isPolicyFileName, settle, toDiagnostic, today, type Analysis, type RuleLevels } from '../engine';
import { isConfigFileName, resolveSettings } from '../engine/config';
import { EditorBaseline } from './baseline';
import { ConfigIndex } from './config-index';
import { keyOf, type Files } from './files';
import { workspacePath } from './scan';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { Workspace } from './workspace';

/** What the editor shows for one file. */
export interface FileReport {
  /** Changes whenever the diagnostics may. */
  readonly resultId: string;
  readonly diagnostics: readonly Diagnostic[];
  /** The findings as shown (a policy's settled, a config's own): the ones quick fixes are offered for. */
  readonly analysis?: Analysis;
}

/**
 * Turns analyses into what the editor shows, as CI would report them: each policy file's findings
 * settled with the levels of its config chain over the editor's settings, suppressions applied,
 * files its configs ignore left out, and findings the baseline records shown as configured.
 */
export class Reporting {
  readonly configs: ConfigIndex;
  readonly workspace: Workspace;
  private settings: Settings = DEFAULT_SETTINGS;
  private baseline: EditorBaseline | undefined;
  /** Bumped by anything that can change how every file is reported: a config file, the settings, the baseline. */
  private generation = 0;
  private readonly resolved = new Map<string, { levels: RuleLevels; ignored: boolean }>();
  private readonly reports = new Map<string, FileReport>();
  private indexedPaths: { revision: number; paths: ReadonlySet<string> } | undefined;

  constructor(
    private readonly files: Files,
    private readonly folders: () => readonly string[],
  ) {
    this.configs = new ConfigIndex(files);
    this.workspace = new Workspace(files, (key) => this.resolve(key).ignored);
  }

  /** Applies validated settings; returns the problems with the files they name (each ignored). */
  useSettings(settings: Settings): string[] {
    this.settings = settings;
    this.configs.invalidate();
    const problems: string[] = [];
    const config = settings.configPath && this.configs.read(settings.configPath);
    if (config && 'error' in config) problems.push(`safetySpecs.configPath ${settings.configPath}: ${config.error}; config files are discovered instead.`);
    problems.push(...this.reloadBaseline());
    return problems;
  }

  /** Re-reads the baseline file (it changed on disk); returns the problem with it, if any. */
  reloadBaseline(): string[] {
    this.changed();
    const { baseline, baselineSeverity } = this.settings;
    const read = baseline ? EditorBaseline.read(baseline, baselineSeverity) : undefined;
    this.baseline = read instanceof EditorBaseline ? read : undefined;
    return read && !(read instanceof EditorBaseline) ? [`safetySpecs.baseline ${baseline}: ${read.error}; ignored.`] : [];
  }

  /** Something that decides how every file is reported changed (a config file, the settings, the baseline). */
  changed(): void {
    this.generation++;
    this.resolved.clear();
  }

  /** Every policy and config file the index holds, by URI. */
  uris(): string[] {
    return [...this.workspace.policyKeys(), ...this.configs.configKeys()].flatMap((key) => this.files.document(key)?.uri ?? []);
  }

  /** The report for a policy or config file the index holds; undefined for anything else. */
  report(uri: string): FileReport | undefined {
    const key = keyOf(uri);
    if (isConfigFileName(key)) {
      const findings = this.configs.findings(key);
      return findings && this.cached(key, `${this.files.version(key)}`, () => ({ diagnostics: findings.map(toDiagnostic), analysis: { findings } }));
    }
    if (!isPolicyFileName(key)) return undefined;
    const result = this.workspace.analysis(uri);
    if (!result) return undefined;
    const day = today();
    return this.cached(key, `${result.resultId}|${this.generation}|${day}`, () => {
      const { levels, ignored } = this.resolve(key);
      if (ignored) return { diagnostics: [] };
      const { analysis } = result;
      const { findings } = settle(this.files.document(key)!, analysis.findings, { levels, today: day });
      const path = workspacePath(key, this.folders()) ?? key;
      const diagnostics = this.baseline?.diagnostics(path, findings, this.paths()) ?? findings.map(toDiagnostic);
      return { diagnostics, analysis: { file: analysis.file, findings } };
    });
  }

  /** The levels and ignore status of a policy file: its config chain over the editor's settings. */
  private resolve(key: string): { levels: RuleLevels; ignored: boolean } {
    const cached = this.resolved.get(key);
    if (cached) return cached;
    // Only files on disk have folders to discover configs in.
    const chain = isAbsolute(key) ? this.configs.chain(key, this.settings.configPath) : [];
    const resolved = resolveSettings(key, chain, this.settings.levels);
    this.resolved.set(key, resolved);
    return resolved;
  }

  private cached(key: string, resultId: string, compute: () => Omit<FileReport, 'resultId'>): FileReport {
    const cached = this.reports.get(key);
    if (cached?.resultId === resultId) return cached;
    const report = { resultId, ...compute() };
    this.reports.set(key, report);
    return report;
  }

  /** The workspace-relative paths of all policy files, as a baseline records them. */
  private paths(): ReadonlySet<string> {
    const revision = this.files.revision;
    if (this.indexedPaths?.revision !== revision) {
      const folders = this.folders();
      this.indexedPaths = { revision, paths: new Set(this.workspace.policyKeys().map((key) => workspacePath(key, folders) ?? key)) };
    }
    return this.indexedPaths.paths;
  }
}
