import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BaseVersions } from '../diff';
import {
  analyzeFolder,
  analyzeWorkspace,
  byPosition,
  candidateFolder,
  modelFolder,
  settle,
  today,
  type Analysis,
  type Finding,
  type FolderLookup,
  type ModelFolder,
} from '../engine';
import { analyzeDiff } from '../engine/diff';
import type { Head } from '../engine/diff/changed-regions';
import { changedSince, type SinceFilter } from './changed-since';
import { checkBases, type Revisions } from './check-git';
import { ConfigFiles } from './config';
import { modelDiff, narrowedBase } from './diff-inputs';
import { modelsOf } from './dry-run-inputs';
import type { FileReport, Notice } from './format/report';
import { collectInputs, shownPath, type Input } from './read-policy';
import { SpecFiles, type Readable } from './spec-files';
import type { MarkdownKind } from './spec-kind';

export interface LintOptions {
  /** `--config FILE`: one config for every file instead of discovery. */
  readonly config?: string;
  readonly noIgnore: boolean;
  /** `--markdown-as`: what every `.md` file named on the command line is checked as. */
  readonly markdownAs?: MarkdownKind;
}

export interface Linted {
  /** Each policy file's findings after its configuration and suppressions, and every path that could not be read. */
  readonly policies: readonly FileReport[];
  /** Each model card and deliberation note checked: its own findings and the cross-file ones it is about. */
  readonly markdown: readonly FileReport[];
  /** The config files the run read, with their own findings. */
  readonly configs: readonly FileReport[];
  readonly notices: readonly Notice[];
}

type Read = Extract<Input, { document: unknown }>;

/** `lint` before settling: every input read and analysed, each model folder reached analysed once. */
interface Analysed {
  readonly configs: ConfigFiles;
  readonly collected: ReturnType<typeof collectInputs>;
  readonly policyInputs: readonly Read[];
  readonly markdownInputs: readonly (Read & { kind: MarkdownKind })[];
  readonly day: string;
  readonly files: SpecFiles;
  readonly analyses: ReadonlyMap<string, Analysis>;
  readonly models: readonly ModelFolder[];
  /** Findings that need several files (the folder rules, the SLO diff), by the URI of the file each is about. */
  readonly across: Map<string, Finding[]>;
}

/**
 * The analysis every command shares: walk the paths, analyse all policy files together (so conflicts among
 * the files of one model are found), check the model cards and notes, analyse each model folder reached
 * once (never events covered, SLO names in the note, a missing card or note), then settle each file with
 * the config that governs it.
 */
export function lint(paths: readonly string[], options: LintOptions): Linted {
  return settleAll(analyse(paths, options)).linted;
}

/** `check`'s run: `lint`, plus the SLO diff against a git base and, with `--changed-since`, a filter for the reports. */
export interface LintedInRepo extends Linted {
  readonly since?: SinceFilter;
}

/**
 * `lint` in a git repository: the diff rules' findings join the others before settling, so configs, suppressions
 * and baselines treat them alike. Git runs only when there is a policy file to diff or a revision was given.
 */
export async function lintInRepo(paths: readonly string[], options: LintOptions, revisions: Revisions): Promise<LintedInRepo> {
  const analysed = analyse(paths, options);
  const policies = analysed.policyInputs.length > 0;
  const { bases, notice } = policies || revisions.base !== undefined || revisions.changedSince !== undefined ? await checkBases(paths, revisions, policies) : {};
  if (bases?.diff) addTo(analysed.across, diffFindings(analysed, bases.diff));
  const { linted, heads } = settleAll(analysed);
  return {
    ...linted,
    notices: notice ? [...linted.notices, notice] : linted.notices,
    ...(bases?.since && { since: await changedSince(bases.root, bases.since, heads) }),
  };
}

function analyse(paths: readonly string[], options: LintOptions): Analysed {
  const configs = new ConfigFiles(options.config);
  const collected = collectInputs(paths.length ? paths : ['.'], { noIgnore: options.noIgnore, isIgnored: (path) => configs.settingsFor(path).ignored, markdownAs: options.markdownAs });
  const read = collected.inputs.filter((i): i is Read => 'document' in i);
  // A config file named on the command line (pre-commit, a script) is validated as a config, not as a policy.
  for (const input of read) if (input.kind === 'config') configs.include(input);
  const policyInputs = read.filter((i) => i.kind === 'policy');
  const markdownInputs = read.filter((i): i is Read & { kind: MarkdownKind } => i.kind === 'card' || i.kind === 'note');

  const day = today();
  const files = new SpecFiles((path) => ({ today: day, maxWords: configs.settingsFor(path).maxWords }));
  const analyses = analyzeWorkspace(policyInputs.map((i) => i.document));
  for (const input of policyInputs) files.addPolicy(resolve(input.path), input, analyses.get(input.document.uri)!.file);
  for (const input of markdownInputs) files.add(resolve(input.path), input);

  const { models, across } = analyzeModelFolders(
    [...policyInputs.map((i) => dirname(resolve(i.path))), ...markdownInputs.map((i) => candidateFolder(resolve(i.path))), ...collected.readmes.map((r) => dirname(r.path))],
    files,
  );
  return { configs, collected, policyInputs, markdownInputs, day, files, analyses, models, across };
}

/** Each file settled with its config; `heads`: what was checked in each reported file, by URI. */
function settleAll(analysed: Analysed): { linted: Linted; heads: Map<string, Head> } {
  const { configs, collected, markdownInputs, day, files, analyses, models, across } = analysed;
  const heads = new Map<string, Head>();
  const settled = (file: Readable, own: readonly Finding[], head: Head): FileReport => {
    const extra = across.get(file.document.uri) ?? [];
    const { findings, waived } = settle(file.document, extra.length ? [...own, ...extra].sort(byPosition) : own, { levels: configs.settingsFor(file.path).levels, today: day });
    heads.set(file.document.uri, head);
    return { path: file.path, uri: file.document.uri, findings, waived };
  };

  const policies = collected.inputs.flatMap((input): FileReport[] => {
    if ('error' in input) return [input];
    if (input.kind !== 'policy') return [];
    const analysis = analyses.get(input.document.uri)!;
    return [settled(input, analysis.findings, analysis.file ?? input.document)];
  });

  const markdown: FileReport[] = [];
  const done = new Set<string>();
  const check = (path: string, kind: MarkdownKind) => {
    if (done.has(path)) return;
    done.add(path);
    const checked = kind === 'card' ? files.checkedCard(path) : files.checkedNote(path);
    if (checked) markdown.push(settled(files.read(path)!, checked.findings, 'markdown' in checked.parsed ? checked.parsed.markdown : checked.parsed));
  };
  for (const input of markdownInputs) check(resolve(input.path), input.kind);
  const notices = [...collected.notices];
  const cards = new Set(models.flatMap((m) => (m.card ? [m.card.path] : [])));
  for (const readme of collected.readmes) {
    if (cards.has(readme.path)) check(readme.path, 'card');
    else if (readme.named) notices.push({ path: shownPath(readme.path), message: README_NOT_A_CARD });
  }
  // Part of a model though not among the inputs (a card outside the folder walked that `model_card:` names,
  // an ignored note): still checked when a cross-file finding lands on it, so that finding is not lost.
  for (const model of models) {
    const parts = [...(model.card ? [{ path: model.card.path, kind: 'card' as const }] : []), ...model.notes.map((n) => ({ path: n.path, kind: 'note' as const }))];
    for (const { path, kind } of parts) if (across.has(pathToFileURL(path).href) && !configs.settingsFor(path).ignored) check(path, kind);
  }
  return { linted: { policies, markdown, configs: configs.reports(), notices }, heads };
}

/**
 * The diff rules' findings for each model of the run. A model with a file that does not parse is left out: its
 * half-read SLOs would read as removed.
 */
function diffFindings(analysed: Analysed, base: BaseVersions): Map<string, Finding[]> {
  const parsed = analysed.policyInputs.flatMap((input) => {
    const { file, findings } = analysed.analyses.get(input.document.uri)!;
    return file ? [{ file, broken: findings.some((f) => f.rule === 'yaml/syntax' || f.rule.startsWith('file/')) }] : [];
  });
  const broken = new Set(parsed.filter((p) => p.broken).map((p) => p.file));
  const models = modelsOf(parsed.map((p) => p.file)).filter((m) => !m.files.some((f) => broken.has(f)));
  const narrowed = narrowedBase(base, models);
  const found = new Map<string, Finding[]>();
  for (const model of models) addTo(found, analyzeDiff(modelDiff(narrowed, model, analysed.files), model.files));
  return found;
}

function addTo(into: Map<string, Finding[]>, more: ReadonlyMap<string, readonly Finding[]>): void {
  for (const [uri, findings] of more) into.set(uri, [...(into.get(uri) ?? []), ...findings]);
}

const README_NOT_A_CARD =
  'not checked: a README.md is a model card only beside a safety-slos.yaml, with model-card front matter ' +
  '(objective, never_events, license, model-index, ...); pass --markdown-as card to check it as one';

/**
 * The model folders among `folders` (each analysed once, however many inputs lead to it) and the findings
 * that need their three artifacts together, by the URI of the file each is about.
 */
function analyzeModelFolders(folders: readonly string[], lookup: FolderLookup): { models: ModelFolder[]; across: Map<string, Finding[]> } {
  const models = [...new Set(folders)].flatMap((folder) => modelFolder(folder, lookup) ?? []);
  const across = new Map<string, Finding[]>();
  for (const model of models) addTo(across, analyzeFolder(model));
  return { models, across };
}

/** A config file with an error is a config error (exit 2), whatever the policies say. */
export function hasConfigError(configs: readonly FileReport[]): boolean {
  return configs.some((c) => 'error' in c || c.findings.some((f) => f.severity === 'error'));
}
