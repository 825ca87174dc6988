import { isAbsolute, join } from 'node:path';
import type { Diagnostic } from 'vscode-languageserver/node';
import { byPosition, DEFAULT_MAX_WORDS, isPolicyFileName, settle, toDiagnostic, today, type Analysis, type Finding, type PolicyFile, type RuleLevels } from '../engine';
import { isConfigFileName, resolveSettings } from '../engine/config';
import { EditorBaseline } from './baseline';
import { ConfigIndex } from './config-index';
import { ModelFolders } from './folders';
import { keyOf, type Files } from './files';
import { inWorkspace, workspacePath } from './scan';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { Workspace } from './workspace';

/** Findings of a policy from beyond the workspace's files (its SLO diff against git), with a string that changes with them. */
export interface DiffFindings {
  findings(key: string): { readonly findings: readonly Finding[]; readonly signature: string };
}

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
  readonly modelFolders: ModelFolders;
  private settings: Settings = DEFAULT_SETTINGS;
  private baseline: EditorBaseline | undefined;
  private diffs: DiffFindings | undefined;
  /** Bumped by anything that can change how every file is reported: a config file, the settings, the baseline. */
  private generation = 0;
  private readonly resolved = new Map<string, { levels: RuleLevels; ignored: boolean; maxWords: number }>();
  private readonly reports = new Map<string, FileReport>();
  private indexedPaths: { revision: number; paths: ReadonlySet<string> } | undefined;

  constructor(
    private readonly files: Files,
    private readonly folders: () => readonly string[],
  ) {
    this.configs = new ConfigIndex(files);
    this.workspace = new Workspace(files, (key) => this.resolve(key).ignored);
    this.modelFolders = new ModelFolders(files, this.workspace, today, (folder) => inWorkspace(join(folder, 'safety-slos.yaml'), this.folders()));
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

  /** Reports each policy's diff findings too, settled like the rest. */
  useDiffs(diffs: DiffFindings): void {
    this.diffs = diffs;
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

  /** Every policy, config, model card and deliberation note file the index holds, by URI. */
  uris(): string[] {
    this.modelFolders.resolveAll();
    const markdown = this.files.keys().filter((key) => this.modelFolders.markdown(key, this.resolve(key).maxWords));
    return [...this.workspace.policyKeys(), ...this.configs.configKeys(), ...markdown].flatMap((key) => this.files.document(key)?.uri ?? []);
  }

  /**
   * Every indexed file whose report may change with `uri`'s: its model's policy files, its model folder's files, and
   * the models of that folder's policies (a note acknowledges a loosened SLO in any file of the model).
   */
  affected(uri: string): string[] {
    const folder = this.modelFolders.members(keyOf(uri));
    const models = folder.filter((member) => isPolicyFileName(keyOf(member))).flatMap((policy) => this.workspace.modelMembers(policy));
    return [...new Set([...this.workspace.modelMembers(uri), ...folder, ...models])];
  }

  /** The report for a policy, config, card or note file the index holds; undefined for anything else (a plain README). */
  report(uri: string): FileReport | undefined {
    const key = keyOf(uri);
    if (isConfigFileName(key)) {
      const findings = this.configs.findings(key);
      return findings && this.cached(key, `${this.files.version(key)}`, () => ({ diagnostics: findings.map(toDiagnostic), analysis: { findings } }));
    }
    const own = this.ownFindings(uri);
    if (!own) return undefined;
    const day = today();
    const folderFindings = this.modelFolders.folderFindings(key);
    const diff = isPolicyFileName(key) && this.diffs ? this.diffs.findings(key) : { findings: [], signature: '' };
    return this.cached(key, `${own.resultId}|${this.modelFolders.signature(key)}|${diff.signature}|${this.generation}|${day}`, () => {
      const { levels, ignored } = this.resolve(key);
      if (ignored) return { diagnostics: [] };
      const extra = [...folderFindings, ...diff.findings];
      const all = extra.length ? [...own.findings, ...extra].sort(byPosition) : own.findings;
      const { findings } = settle(this.files.document(key)!, all, { levels, today: day });
      const path = workspacePath(key, this.folders()) ?? key;
      const diagnostics = this.baseline?.diagnostics(path, findings, this.paths()) ?? findings.map(toDiagnostic);
      return { diagnostics, analysis: { file: own.file, findings } };
    });
  }

  /** A policy's findings with its model's, or a card's or note's own: before the folder's and before settling. */
  private ownFindings(uri: string): { findings: readonly Finding[]; file?: PolicyFile; resultId: string } | undefined {
    const key = keyOf(uri);
    if (isPolicyFileName(key)) {
      const result = this.workspace.analysis(uri);
      return result && { findings: result.analysis.findings, file: result.analysis.file, resultId: result.resultId };
    }
    const markdown = this.modelFolders.markdown(key, this.resolve(key).maxWords);
    return markdown && { findings: markdown.findings, resultId: this.files.version(key) ?? '' };
  }

  /** The levels, ignore status and note word limit of a file: its config chain over the editor's settings. */
  private resolve(key: string): { levels: RuleLevels; ignored: boolean; maxWords: number } {
    const cached = this.resolved.get(key);
    if (cached) return cached;
    // Only files on disk have folders to discover configs in.
    const chain = isAbsolute(key) ? this.configs.chain(key, this.settings.configPath) : [];
    const { levels, ignored, maxWords } = resolveSettings(key, chain, this.settings.levels);
    const resolved = { levels, ignored, maxWords: maxWords ?? DEFAULT_MAX_WORDS };
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
