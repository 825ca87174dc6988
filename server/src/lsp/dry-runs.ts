import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CodeLensRefreshRequest, type CodeLens, type Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isNoteFileName, isPolicyFileName, MAX_POLICY_BYTES, modelNote, type PolicyFile } from '../engine';
import { dryRun, parseSnapshot, policySnapshot, type DryRun, type RequirementFacts } from '../engine/dry-run';
import { dryRunLenses, explainDryRun, loadedMetrics, NO_METRICS, type ExplainTarget, type Explanation, type LensMetrics } from '../engine/features/code-lens';
import { FileWatch, type WatchClient } from './file-watch';
import { keyOf, readText, type Files } from './files';
import type { Diffs } from './diffs';
import type { Reporting } from './reporting';
import { workspacePath } from './scan';
import type { SettingsContext } from './settings';

export interface DryRunClient extends WatchClient {
  /** The client takes workspace/codeLens/refresh. */
  readonly refresh: boolean;
}

/** A model's metrics: a snapshot file to read, or metrics known without reading one; `id` changes with them. */
type Source = { readonly kind: 'file'; readonly path: string; readonly label: string } | { readonly kind: 'known'; readonly metrics: LensMetrics; readonly id: string };

/** Edits come in bursts: one refresh once they pause. */
const REFRESH_DELAY_MS = 100;

/**
 * Dry runs in the editor: each policy's code lenses over its model's dry run, the explanation a lens shows, and
 * a lens refresh whenever what they read changes (a policy of the model, its folder's notes, the snapshot, the
 * settings, the SLO diff's git base). The snapshot is the `safetySpecs.dryRun.metrics` setting, else what the
 * policy's `metrics:` names; an open snapshot's unsaved text wins over the disk's, and the snapshot files in use are
 * watched.
 */
export class DryRuns {
  /** Snapshot texts as parsed, by path: parsed again only when the text changes. */
  private readonly parsed = new Map<string, { readonly text: string; readonly uri: string; readonly label: string; readonly metrics: LensMetrics; readonly revision: number }>();
  /** Snapshots read from disk, by path, with the stat that identifies that copy. */
  private readonly disk = new Map<string, { readonly mtimeMs: number; readonly size: number; readonly text: string }>();
  /** The snapshot file each policy read last: the files watched. */
  private readonly snapshotOf = new Map<string, string>();
  /** One dry run per model (by its first file), until a file, the snapshot or the note it read changes. */
  private readonly runs = new Map<string, { readonly signature: string; readonly run: DryRun; readonly metrics: LensMetrics }>();
  private readonly watcher: FileWatch;
  private revisions = 0;
  private timer: NodeJS.Timeout | undefined;
  private markIndexed!: () => void;
  private readonly indexed = new Promise<void>((resolveIndexed) => (this.markIndexed = resolveIndexed));

  constructor(
    private readonly connection: Connection,
    private readonly client: DryRunClient,
    private readonly files: Files,
    private readonly reporting: Reporting,
    private readonly context: () => SettingsContext,
    /** The setting's snapshot (an absolute path), once the settings being read are. */
    private readonly metricsSetting: () => Promise<string | undefined>,
    /** The SLO diff that `slo_diff_green` and `deliberation_note` read. */
    private readonly diffs: Pick<Diffs, 'ready' | 'requirement'>,
  ) {
    this.watcher = new FileWatch(connection, client);
  }

  /** The initial index is complete: until then a model may miss files, so lenses wait. */
  start(): void {
    this.markIndexed();
  }

  /** textDocument/codeLens: a policy file's lenses; none for any other file. */
  async lenses(uri: string): Promise<CodeLens[]> {
    await this.indexed;
    const file = this.policy(uri);
    if (!file) return [];
    const { run, metrics } = await this.model(uri);
    return dryRunLenses(file, run, metrics);
  }

  /** The explain command: what a lens shows, also logged for editors that show command results nowhere. */
  async explain(argument: unknown): Promise<Explanation | { readonly error: string }> {
    await this.indexed;
    const target = explainTarget(argument);
    if ('error' in target) return this.failed(target.error);
    if (!this.policy(target.uri)) return this.failed(`${target.uri} is not a policy file the language server knows.`);
    const { run, metrics } = await this.model(target.uri);
    const explanation = explainDryRun(run, metrics, target, (uri) => this.shown(keyOf(uri)));
    if (!explanation) return this.failed(`The model of ${this.shown(keyOf(target.uri))} has no ${target.kind} "${'name' in target ? target.name : ''}" (any more).`);
    this.connection.console.log(`${explanation.title}\n${explanation.markdown}`);
    return explanation;
  }

  /** A file changed (opened, edited, closed, or changed on disk): the lenses that read it are recomputed. */
  fileChanged(key: string): void {
    if ([...this.snapshotOf.values()].includes(key)) {
      this.disk.delete(key);
      // Opening a snapshot, or saving it, changes nothing the lenses show.
      const read = this.text(key);
      if ('error' in read || read.text !== this.parsed.get(key)?.text) this.refresh();
    } else if (isPolicyFileName(key) || isNoteFileName(key)) this.refresh();
  }

  /** Asks the editor for the lenses again (the settings changed, or a file they read did). */
  refresh(): void {
    if (!this.client.refresh) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined), REFRESH_DELAY_MS);
  }

  private policy(uri: string): PolicyFile | undefined {
    const key = keyOf(uri);
    return isPolicyFileName(key) ? this.reporting.workspace.parsed(key) : undefined;
  }

  /** The dry run of `uri`'s model, with the metrics it read. */
  private async model(uri: string): Promise<{ run: DryRun; metrics: LensMetrics }> {
    const setting = await this.metricsSetting();
    await this.diffs.ready(uri);
    const { workspace } = this.reporting;
    const keys = workspace.modelMembers(uri).map(keyOf).sort();
    const files = keys.flatMap((key) => workspace.parsed(key) ?? []);
    const source = this.source(files, setting);
    this.track(keys, source.kind === 'file' ? source.path : undefined);
    const { metrics, id } = source.kind === 'file' ? this.snapshot(source.path, source.label) : source;
    const { facts, id: factsId } = this.facts(uri, keys);
    const signature = [...keys.map((key) => `${key}@${this.files.version(key)}`), id, factsId].join('\n');
    const model = keys[0] ?? keyOf(uri);
    const cached = this.runs.get(model);
    if (cached?.signature === signature) return cached;
    const entry = { signature, run: dryRun(files, metrics.kind === 'loaded' ? metrics.values : undefined, facts), metrics };
    this.runs.set(model, entry);
    return entry;
  }

  /** Where a model's metrics come from: the setting, else the policy's `metrics:` (a path relative to that policy). */
  private source(files: readonly PolicyFile[], setting: string | undefined): Source {
    if (setting) return { kind: 'file', path: setting, label: this.shown(setting) };
    const named = policySnapshot(files);
    switch (named.kind) {
      case 'none':
        return { kind: 'known', metrics: NO_METRICS, id: 'none' };
      case 'inline':
        // Its text is the policy's, whose version is part of the run's signature already.
        return { kind: 'known', metrics: loadedMetrics(named.values), id: 'inline' };
      case 'url': {
        const message = `metrics: ${named.url} is a URL, and dry runs never fetch one: download it and name the file`;
        return { kind: 'known', metrics: { kind: 'unusable', message: 'snapshot is a URL, which dry runs never fetch', problems: [{ message, site: named.site }] }, id: 'url' };
      }
      case 'file': {
        const policy = keyOf(named.policyUri);
        if (!isAbsolute(policy)) return unusable(`snapshot ${named.path} is relative to the policy, which is not saved yet`);
        const path = resolve(dirname(policy), named.path);
        const { folders, trusted } = this.context();
        if (!trusted && workspacePath(path, folders) === undefined) return unusable(`snapshot ${named.path} is outside the workspace folders, which an untrusted workspace may not read`);
        return { kind: 'file', path, label: named.path };
      }
    }
  }

  /** A snapshot's metrics, parsed once per text; a file that cannot be read says why. */
  private snapshot(path: string, label: string): { metrics: LensMetrics; id: string } {
    const read = this.text(path);
    if ('error' in read) return { metrics: { kind: 'unusable', message: `snapshot ${label} ${read.error}`, problems: [] }, id: `${path}!${read.error}` };
    let entry = this.parsed.get(path);
    if (entry?.text !== read.text || entry.uri !== read.uri || entry.label !== label) {
      const document = TextDocument.create(read.uri, path.toLowerCase().endsWith('.json') ? 'json' : 'yaml', 0, read.text);
      entry = { text: read.text, uri: read.uri, label, metrics: loadedMetrics(parseSnapshot(document, label)), revision: ++this.revisions };
      this.parsed.set(path, entry);
    }
    return { metrics: entry.metrics, id: `${path}#${entry.revision}` };
  }

  /** The open document's text, saved or not, else the disk's (re-read when its size or time changes). */
  private text(path: string): { text: string; uri: string } | { error: string } {
    const open = this.files.document(path);
    if (open) return { text: open.getText(), uri: open.uri };
    let stat;
    try {
      stat = statSync(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return { error: code === 'ENOENT' || code === 'ENOTDIR' ? 'not found' : `cannot be read (${code ?? (e as Error).message})` };
    }
    if (!stat.isFile()) return { error: 'is not a file' };
    if (stat.size > MAX_POLICY_BYTES) return { error: `is larger than ${MAX_POLICY_BYTES / 1024 / 1024} MiB` };
    const uri = pathToFileURL(path).href;
    const cached = this.disk.get(path);
    if (cached?.mtimeMs === stat.mtimeMs && cached.size === stat.size) return { text: cached.text, uri };
    const read = readText(path);
    if ('error' in read) return { error: `cannot be read: ${read.error}` };
    this.disk.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, text: read.text });
    return { text: read.text, uri };
  }

  /**
   * What the requirements need: the model's SLO diff against the git base (none outside a repository), and the newest
   * note of the model's folders (unknown outside the workspace); `id` changes with them.
   */
  private facts(uri: string, keys: readonly string[]): { facts: RequirementFacts; id: string } {
    const { diff, id } = this.diffs.requirement(uri);
    const folders = keys.flatMap((key) => this.reporting.modelFolders.folderOf(key) ?? []);
    const note = folders.map(modelNote).find((n) => n !== undefined);
    const deliberationNote = folders.length ? (note ? { uri: pathToFileURL(note.path).href } : null) : undefined;
    return { facts: { ...(deliberationNote !== undefined ? { deliberationNote } : {}), ...(diff ? { diff } : {}) }, id: `${JSON.stringify(deliberationNote)}|${id}` };
  }

  /** Records the snapshot the model's files read, forgets files gone, and watches every snapshot still in use. */
  private track(keys: readonly string[], path: string | undefined): void {
    for (const key of keys) {
      if (path) this.snapshotOf.set(key, path);
      else this.snapshotOf.delete(key);
    }
    for (const byKey of [this.snapshotOf, this.runs]) for (const key of [...byKey.keys()]) if (!this.files.has(key)) byKey.delete(key);
    this.watcher.watch([...new Set(this.snapshotOf.values())].sort());
  }

  /** A path as the user knows it: relative to its workspace folder. */
  private shown(path: string): string {
    return workspacePath(path, this.context().folders) ?? path;
  }

  private failed(error: string): { error: string } {
    this.connection.console.warn(`Dry run: ${error}`);
    return { error };
  }
}

function unusable(message: string): Source {
  return { kind: 'known', metrics: { kind: 'unusable', message, problems: [] }, id: message };
}

/** The explain command's argument, as lenses send it (`{ uri, kind, name }`) or an editor adds a value to it. */
function explainTarget(argument: unknown): ExplainTarget | { error: string } {
  const usage = 'The explain command takes one argument: { uri, kind: "slo" | "gate" | "scenario" | "scenarios", name, value? }.';
  if (typeof argument !== 'object' || argument === null) return { error: usage };
  const { uri, kind, name, value } = argument as Record<string, unknown>;
  if (typeof uri !== 'string') return { error: usage };
  if (kind === 'scenarios') return { uri, kind };
  if (typeof name !== 'string' || (kind !== 'slo' && kind !== 'gate' && kind !== 'scenario')) return { error: usage };
  if (kind !== 'slo' || value === undefined) return { uri, kind, name };
  return typeof value === 'number' && Number.isFinite(value) ? { uri, kind, name, value } : { error: `The value to evaluate ${name} against must be a finite number, not ${JSON.stringify(value)}.` };
}
