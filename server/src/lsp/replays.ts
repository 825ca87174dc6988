import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { WorkDoneProgressReporter, type CancellationToken, type CodeLens, type Connection } from 'vscode-languageserver/node';
import { modelName, type PolicyFile } from '../engine';
import { parseLength } from '../engine/duration';
import { replayLens, replayPeriod } from '../engine/features/replay-lens';
import { defaultThresholds, parseThresholds, replayPlan, type ReplayResult } from '../engine/replay';
import { policyHistory } from '../engine/replay/history-source';
import { replayHtml } from '../engine/replay/report/html';
import { replayMarkdown } from '../engine/replay/report/markdown';
import { ReplayInputError, replayHistory, type ReplayHistoryOptions } from '../replay/run';
import { keyOf } from './files';
import type { Reporting } from './reporting';
import { workspacePath } from './scan';
import { readSettings, type Settings, type SettingsContext } from './settings';
import { SETTINGS_SECTION } from './settings-sync';

/** The replay command's argument (REPLAY_COMMAND): what the lens passes (`{ uri }`) and what an editor may add. */
interface ReplayRequest {
  readonly uri: string;
  /** A duration of the window grammar (`7d`), or `all`; absent: the model's longest finite window. */
  readonly last?: string;
  readonly step?: string;
  readonly whatIf?: { readonly slo: string; readonly thresholds?: string };
  /** A history file: absolute, or relative to the policy's workspace folder. Overrides the setting and `history:`. */
  readonly history?: string;
  /** The webview's `cspSource`: the HTML is then themed for VS Code and its CSP allows that source. */
  readonly cspSource?: string;
}

export type ReplayAnswer =
  | { readonly title: string; readonly markdown: string; readonly html: string; readonly cancelled?: true }
  /** `needsHistory`: none is named anywhere; an editor may ask the user for one and set it. */
  | { readonly error: string; readonly needsHistory?: true };

/** What a what-if can sweep (REPLAY_SLOS_COMMAND): each SLO a replay evaluates, with its default thresholds. */
export type SweepableSlos = { readonly slos: readonly { readonly label: string; readonly target: string; readonly thresholds: string }[] } | { readonly error: string };

/** Progress reports: one per percent of the history read at most. */
const PERCENT = 100;

/**
 * Replays in the editor: the "Replay last 7 days..." lens at the top of each policy, and the command that replays the
 * model's metric history (the command's `history`, else the `safetySpecs.replay.history` setting as it applies to the
 * policy, else the policy's `history:`) and answers the report as Markdown and HTML. The history is streamed by the
 * runner between other requests, with work-done progress (the client's token, else one the server creates), and
 * stops on cancellation of either the request or the progress: the answer is then the report of what was read.
 */
export class Replays {
  private markIndexed!: () => void;
  private readonly indexed = new Promise<void>((resolveIndexed) => (this.markIndexed = resolveIndexed));

  constructor(
    private readonly connection: Connection,
    /** The client answers workspace/configuration: the setting is read for the policy's folder (it is resource-scoped). */
    private readonly pullsSettings: boolean,
    private readonly reporting: Reporting,
    private readonly context: () => SettingsContext,
    private readonly settings: () => Promise<Settings>,
  ) {}

  /** The initial index is complete: a model's files are all known. */
  start(): void {
    this.markIndexed();
  }

  /** The replay lens of a policy whose model has SLOs. */
  lens(uri: string): CodeLens | undefined {
    const file = this.reporting.workspace.parsed(keyOf(uri));
    return file && replayLens(file, this.reporting.workspace.modelFiles(uri));
  }

  /** The SLOs a what-if can sweep, as `name` or `name#2`, with their default thresholds as `FROM:TO:STEP`. */
  async sweepable(argument: unknown): Promise<SweepableSlos> {
    await this.indexed;
    const uri = isRecord(argument) && typeof argument.uri === 'string' ? argument.uri : undefined;
    const files = uri === undefined ? [] : this.modelOf(uri);
    if (!files.length) return this.failed(`${uri ?? 'The command\'s argument'} is not a policy file the language server knows: pass { uri }.`);
    const slos = replayPlan(files).slos.flatMap((slo) => {
      if (!slo.ok) return [];
      const values = defaultThresholds(slo.target);
      const by = Number((values[1]! - values[0]!).toPrecision(12));
      return [{ label: slo.label, target: slo.targetText, thresholds: `${values[0]}:${values[values.length - 1]}:${by}` }];
    });
    return { slos };
  }

  /** The replay command: the report, or a one-line error. */
  async replay(argument: unknown, token: CancellationToken, workDone: WorkDoneProgressReporter): Promise<ReplayAnswer> {
    await this.indexed;
    const request = replayRequest(argument);
    if ('error' in request) return this.failed(request.error);
    const files = this.modelOf(request.uri);
    if (!files.length) return this.failed(`${request.uri} is not a policy file the language server knows.`);
    const options = replayOptions(request, files);
    if ('error' in options) return this.failed(options.error);
    const history = await this.history(request, files);
    if ('error' in history) return { ...this.failed(history.error), ...(history.none ? { needsHistory: true as const } : {}) };

    const model = shownModel(files);
    const label = this.shown(history.path);
    const title = request.whatIf ? `What-if: ${request.whatIf.slo} (${model})` : `Replay: ${model}`;
    const controller = new AbortController();
    const progress = await this.progress(workDone, `${title} (${label})`, () => controller.abort());
    const cancelled = token.onCancellationRequested(() => controller.abort());
    let result: ReplayResult;
    try {
      result = await replayHistory(files, history.path, { label, ...options, signal: controller.signal, onProgress: progress.report });
    } catch (e) {
      if (e instanceof ReplayInputError) return this.failed(e.message);
      throw e;
    } finally {
      cancelled.dispose();
      progress.done();
    }
    const answer = {
      title: result.cancelled ? `${title} (cancelled)` : title,
      markdown: replayMarkdown(result),
      html: replayHtml(result, request.cspSource === undefined ? { theme: 'standalone' } : { theme: 'vscode', cspSource: request.cspSource }),
      ...(result.cancelled ? { cancelled: true as const } : {}),
    };
    this.connection.console.log(`${answer.title}\n${answer.markdown}`);
    return answer;
  }

  /** The policy files of `uri`'s model; none when it is not a policy the index holds. */
  private modelOf(uri: string): PolicyFile[] {
    return this.reporting.workspace.parsed(keyOf(uri)) ? this.reporting.workspace.modelFiles(uri) : [];
  }

  /** The history file: the request's, else the setting's, else the policy's `history:`; `none` when none is named. */
  private async history(request: ReplayRequest, files: readonly PolicyFile[]): Promise<{ path: string } | { error: string; none?: boolean }> {
    const policy = keyOf(request.uri);
    const folder = this.folderOf(policy);
    let path: string;
    if (request.history !== undefined) {
      const base = folder ?? (isAbsolute(policy) ? dirname(policy) : undefined);
      if (!isAbsolute(request.history) && base === undefined) return { error: `the history ${request.history} is relative, and the policy is not saved in a folder.` };
      path = resolve(base ?? '', request.history);
    } else {
      const setting = await this.historySetting(request.uri, folder);
      if (setting !== undefined && 'error' in setting) return setting;
      if (setting) path = setting.path;
      else {
        const named = policyHistory(files);
        if (named.kind === 'none') return { none: true, error: 'no metric history to replay: name one with `history:` in the policy (a JSON Lines or CSV file) or with the safetySpecs.replay.history setting.' };
        if (named.kind === 'url') return { error: `history: ${named.url} is a URL, and replays never fetch one: download it and name the file.` };
        const from = keyOf(named.policyUri);
        if (!isAbsolute(from)) return { error: `history: ${named.path} is relative to the policy, which is not saved yet.` };
        path = resolve(dirname(from), named.path);
      }
    }
    const { folders, trusted } = this.context();
    if (!trusted && workspacePath(path, folders) === undefined) return { error: `the history ${path} is outside the workspace folders, which an untrusted workspace may not read.` };
    return { path };
  }

  /**
   * `safetySpecs.replay.history` as it applies to the policy: asked for its resource (a workspace folder may set its
   * own) and resolved against its workspace folder, when the client answers; else the window's, as pushed.
   */
  private async historySetting(uri: string, folder: string | undefined): Promise<{ path: string } | { error: string } | undefined> {
    if (!this.pullsSettings) {
      const path = (await this.settings()).replayHistory;
      return path === undefined ? undefined : { path };
    }
    const raw: unknown = await this.connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION });
    const { folders, trusted } = this.context();
    const { settings, problems } = readSettings(raw, { folders: folder === undefined ? folders : [folder, ...folders.filter((f) => f !== folder)], trusted });
    if (settings.replayHistory !== undefined) return { path: settings.replayHistory };
    const problem = problems.find((p) => p.startsWith('safetySpecs.replay.history'));
    return problem === undefined ? undefined : { error: problem };
  }

  /**
   * Work-done progress over the client's token when it sent one, else over one the server creates (cancellable: its
   * cancel aborts the replay). `report` takes the runner's progress and sends one report per percent read.
   */
  private async progress(workDone: WorkDoneProgressReporter, title: string, cancel: () => void) {
    let reporter: WorkDoneProgressReporter = workDone;
    let stop: { dispose(): void } | undefined;
    if (WorkDoneProgressReporter.isNullInstance(workDone)) {
      const created = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
      if (created) {
        reporter = created;
        stop = created.token.onCancellationRequested(cancel);
      }
    }
    reporter.begin(title, 0, undefined, true);
    let shown = 0;
    return {
      report: ({ bytesRead, totalBytes, samples }: { readonly bytesRead: number; readonly totalBytes: number; readonly samples: number }) => {
        const percent = totalBytes ? Math.floor((bytesRead * PERCENT) / totalBytes) : PERCENT;
        if (percent <= shown) return;
        shown = percent;
        reporter.report(percent, `${megabytes(bytesRead)} of ${megabytes(totalBytes)} MB, ${samples.toLocaleString('en-US')} samples`);
      },
      done: () => {
        stop?.dispose();
        reporter.done();
      },
    };
  }

  /** The workspace folder holding `key` (the innermost one): relative paths are resolved against it. */
  private folderOf(key: string): string | undefined {
    return this.context()
      .folders.filter((folder) => workspacePath(key, [folder]) !== undefined)
      .sort((a, b) => b.length - a.length)[0];
  }

  /** A path as the user knows it: relative to its workspace folder. */
  private shown(path: string): string {
    return workspacePath(path, this.context().folders) ?? path;
  }

  private failed(error: string): { error: string } {
    this.connection.console.warn(`Replay: ${error}`);
    return { error };
  }
}

/** The command's argument, checked: every field has one type, and the strings are read later with their grammars. */
function replayRequest(argument: unknown): ReplayRequest | { error: string } {
  const usage = 'The replay command takes one argument: { uri, last?: "7d" | "all", step?: "1m", whatIf?: { slo, thresholds?: "FROM:TO:STEP" }, history?, cspSource? }.';
  if (!isRecord(argument) || typeof argument.uri !== 'string') return { error: usage };
  const strings = ['last', 'step', 'history', 'cspSource'] as const;
  if (strings.some((k) => argument[k] !== undefined && typeof argument[k] !== 'string')) return { error: usage };
  const { whatIf } = argument;
  if (whatIf !== undefined && (!isRecord(whatIf) || typeof whatIf.slo !== 'string' || (whatIf.thresholds !== undefined && typeof whatIf.thresholds !== 'string'))) return { error: usage };
  return argument as unknown as ReplayRequest;
}

type RunOptions = { -readonly [K in 'step' | 'last' | 'whatIf']?: ReplayHistoryOptions[K] };

/** The runner's options from the request: durations in milliseconds, the thresholds as numbers (the runner checks the SLO). */
function replayOptions(request: ReplayRequest, files: readonly PolicyFile[]): RunOptions | { error: string } {
  const options: RunOptions = {};
  if (request.step !== undefined) {
    const step = durationMs('step', request.step);
    if (typeof step !== 'number') return step;
    options.step = step;
  }
  if (request.last !== 'all') {
    const last = request.last === undefined ? replayPeriod(files).seconds * 1000 : durationMs('last', request.last);
    if (typeof last !== 'number') return last;
    options.last = last;
  }
  if (request.whatIf) {
    const { slo, thresholds: text } = request.whatIf;
    const thresholds = text === undefined ? undefined : parseThresholds(text);
    if (thresholds && 'error' in thresholds) return { error: `what-if thresholds ${text}: ${thresholds.error}` };
    options.whatIf = { slo, ...(thresholds ? { thresholds } : {}) };
  }
  return options;
}

function durationMs(name: string, text: string): number | { error: string } {
  const length = parseLength(name, text);
  return 'error' in length ? length : length.ms;
}

/** `model:`, else the file's name (a policy without one is a model of its own). */
function shownModel(files: readonly PolicyFile[]): string {
  return modelName(files[0]!) ?? basename(keyOf(files[0]!.document.uri));
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
