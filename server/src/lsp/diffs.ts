import { realpath } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { CodeLens, Connection } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isNoteFileName, isPolicyFileName, parsePolicy, type Finding, type ModelFolder, type PolicyFile } from '../engine';
import { analyzeDiff, diffMarkdown, diffTitle, type SloDiff } from '../engine/diff';
import { diffLens } from '../engine/features/code-lens';
import { diffModel, headModel, loadBaseVersions, type BaseVersions } from '../diff';
import { findRepo, GitError, isHeadFallback, NO_DEFAULT_BRANCH, resolveBase } from '../git';
import { FileWatch, type WatchClient } from './file-watch';
import { keyOf, type Files } from './files';
import type { Reporting } from './reporting';
import { workspacePath } from './scan';
import type { SettingsContext } from './settings';
import { shortHash } from './workspace';

/**
 * What a workspace folder's policies are compared with: nothing (the folder is in no git repository), the base
 * revision read, or why it cannot be (git missing, an unknown revision, no commits yet). `root`: the repository,
 * when known, whose refs are watched.
 */
type BaseState =
  | { readonly kind: 'none' }
  | { readonly kind: 'error'; readonly message: string; readonly root?: string }
  /** `headFallback`: no default branch, so the base is HEAD itself (isHeadFallback): gates must not rely on it. */
  | { readonly kind: 'loaded'; readonly versions: BaseVersions; readonly headFallback: boolean };

interface FolderBase {
  state?: BaseState;
  /** The read under way, and whether another must follow it (something changed while it ran). */
  job?: Promise<void>;
  again: boolean;
}

/** One model's diff, until a file it read, a note of its folders or the base changes. */
interface ModelDiff {
  readonly signature: string;
  readonly diff: SloDiff;
  readonly findings: ReadonlyMap<string, Finding[]>;
}

const NO_FINDINGS = { findings: [], signature: '' } as const;

/** After a change under `.git` (a commit, a checkout, a fetch) or of the settings: refs move in bursts. */
const GIT_DELAY_MS = 200;
/**
 * After edits and saves pause: a commit made where the editor sees no `.git` event (no watcher, a worktree whose
 * `.git` is a file) is noticed without asking git at every keystroke.
 */
const EDIT_DELAY_MS = 2000;

/** What is watched in a repository for the base to move. */
const GIT_REFS = '.git/{HEAD,packed-refs,refs/**}';

/**
 * The SLO diff in the editor: each policy's model compared with the git base (the `safetySpecs.diff.base` setting,
 * else the merge base with the default branch). The base is read with git in the background, once per commit, and
 * resolved again when refs move, the settings change or edits pause; until it is read, nothing waits on git but a
 * code lens or command that needs it. The head is the index's files (open documents over the disk) and the notes of
 * the model's folders, so the diff follows every edit without git.
 */
export class Diffs {
  private readonly bases = new Map<string, FolderBase>();
  /** By the model's first file. */
  private readonly models = new Map<string, ModelDiff>();
  /** Base files re-parsed under the URI the index spells them with. */
  private readonly respelled = new WeakMap<PolicyFile, PolicyFile>();
  private readonly logged = new Set<string>();
  private readonly watcher: FileWatch;
  private timer: NodeJS.Timeout | undefined;
  private timerDelay = 0;
  private started = false;
  private markIndexed!: () => void;
  private readonly indexed = new Promise<void>((resolveIndexed) => (this.markIndexed = resolveIndexed));

  constructor(
    private readonly connection: Connection,
    client: WatchClient,
    private readonly files: Files,
    private readonly reporting: Reporting,
    private readonly context: () => SettingsContext,
    /** The `safetySpecs.diff.base` setting, once the settings being read are. */
    private readonly baseSetting: () => Promise<string | undefined>,
    /** A base was read or changed: every policy's diagnostics and lenses may change. */
    private readonly onChange: () => void,
  ) {
    this.watcher = new FileWatch(connection, client);
  }

  /** The initial index is complete: the bases are read. */
  start(): void {
    this.started = true;
    this.markIndexed();
    for (const folder of this.context().folders) void this.read(folder);
  }

  /** Resolves once `uri`'s base has been read at least once (lenses and commands wait; diagnostics do not). */
  async ready(uri: string): Promise<void> {
    await this.indexed;
    const folder = this.folderOf(keyOf(uri));
    const base = folder === undefined ? undefined : this.bases.get(folder);
    if (folder !== undefined && !base?.state) await (base?.job ?? this.read(folder));
  }

  /** The diff findings of a policy (at default severities), with a string that changes whenever they may. */
  findings(key: string): { readonly findings: readonly Finding[]; readonly signature: string } {
    const uri = this.files.document(key)?.uri;
    const model = uri === undefined ? undefined : this.modelDiff(uri);
    if (uri === undefined || !model || 'error' in model) return NO_FINDINGS;
    return { findings: model.findings.get(uri) ?? [], signature: model.signature };
  }

  /** The SLO diff lens of a policy; none outside a git repository. */
  lens(uri: string): CodeLens | undefined {
    const file = this.reporting.workspace.parsed(keyOf(uri));
    const model = file && this.modelDiff(uri);
    return model && diffLens(file, 'error' in model ? model : model.diff);
  }

  /** What a gate's `slo_diff_green` and `deliberation_note` read; `id` changes with it. */
  requirement(uri: string): { readonly diff?: SloDiff | { readonly error: string }; readonly id: string } {
    const model = this.modelDiff(uri);
    if (!model) return { id: '' };
    // HEAD against itself would make slo_diff_green pass on nothing, as `safety-specs gate` refuses too.
    const state = this.stateOf(uri);
    if (state?.kind === 'loaded' && state.headFallback) return { diff: { error: NO_DEFAULT_BRANCH }, id: '!fallback' };
    return 'error' in model ? { diff: model, id: `!${model.error}` } : { diff: model.diff, id: model.signature };
  }

  /** The show-diff command: the model's diff as a table, also logged for editors that show command results nowhere. */
  async show(argument: unknown): Promise<{ readonly title: string; readonly markdown: string } | { readonly error: string }> {
    if (typeof argument !== 'string') return this.failed('The show-diff command takes one argument: the URI of a policy file.');
    await this.ready(argument);
    const key = keyOf(argument);
    if (!this.reporting.workspace.parsed(key)) return this.failed(`${argument} is not a policy file the language server knows.`);
    const model = this.modelDiff(argument);
    if (!model) return this.failed(`${this.shown(key)} is not in a git repository of the workspace: there is no base to compare it with.`);
    if ('error' in model) return this.failed(`no git base: ${model.error}`);
    const title = diffTitle(model.diff);
    const markdown = diffMarkdown([model.diff], (uri) => this.shown(keyOf(uri)));
    this.connection.console.log(`${title}\n${markdown}`);
    return { title, markdown };
  }

  /** A file changed: the base is resolved again soon after a ref moved, later after edits pause. */
  fileChanged(key: string): void {
    if (isPolicyFileName(key) || isNoteFileName(key)) {
      if (!this.files.has(key)) this.models.delete(key);
      this.schedule(EDIT_DELAY_MS);
    } else if (this.repositories().some((root) => key.startsWith(join(root, '.git') + sep))) {
      this.schedule(GIT_DELAY_MS);
    }
  }

  /** The settings changed: the base setting may have. */
  settingsChanged(): void {
    this.schedule(GIT_DELAY_MS);
  }

  /** A sooner read replaces a later one; a read as soon or later pushes a pending one back (a debounce). */
  private schedule(delay: number): void {
    if (!this.started || (this.timer && this.timerDelay < delay)) return;
    clearTimeout(this.timer);
    this.timerDelay = delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      for (const folder of this.context().folders) void this.read(folder);
    }, delay);
  }

  /** Reads a folder's base again; one read at a time, and one more when asked during it. */
  private read(folder: string): Promise<void> {
    const base = this.bases.get(folder) ?? this.bases.set(folder, { again: false }).get(folder)!;
    if (base.job) {
      base.again = true;
      return base.job;
    }
    base.job = (async () => {
      do {
        base.again = false;
        this.settle(folder, base, await this.resolve(folder, base.state));
      } while (base.again);
    })().finally(() => (base.job = undefined));
    return base.job;
  }

  private async resolve(folder: string, previous: BaseState | undefined): Promise<BaseState> {
    let root: string | undefined;
    try {
      root = await findRepo(folder);
      if (root === undefined) return { kind: 'none' };
      const rev = await this.baseSetting();
      const base = await resolveBase(root, rev);
      const headFallback = isHeadFallback(rev, base);
      const spelled = await spelledRoot(root, folder);
      if (previous?.kind === 'loaded' && previous.versions.root === spelled && previous.versions.base.commit === base.commit) {
        return previous.versions.base.label === base.label ? previous : { kind: 'loaded', versions: { ...previous.versions, base }, headFallback };
      }
      return { kind: 'loaded', versions: await loadBaseVersions(spelled, base), headFallback };
    } catch (e) {
      if (e instanceof GitError) return { kind: 'error', message: e.message, ...(root ? { root } : {}) };
      this.connection.console.error(`SLO diff: reading the git base of ${folder} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return { kind: 'error', message: 'reading the git base failed: see the Safety Specs output', ...(root ? { root } : {}) };
    }
  }

  private settle(folder: string, base: FolderBase, state: BaseState): void {
    const before = base.state;
    base.state = state;
    this.log(folder, state);
    // A folder found to be in no repository shows nothing either way.
    if (before ? sameState(before, state) : state.kind === 'none') return;
    this.models.clear();
    this.watcher.watchGlobs(this.repositories().map((root) => ({ folder: root, pattern: GIT_REFS })));
    this.onChange();
  }

  /** Each base once in the log: what the diff compares with, or why there is none. */
  private log(folder: string, state: BaseState): void {
    const line =
      state.kind === 'loaded'
        ? `SLO diff: ${folder} is compared with ${state.versions.base.label} (${state.versions.base.commit.slice(0, 12)}).`
        : state.kind === 'none'
          ? `SLO diff: ${folder} is in no git repository; no diff.`
          : `SLO diff: no git base for ${folder}: ${state.message}`;
    if (this.logged.has(line)) return;
    this.logged.add(line);
    if (state.kind === 'error') this.connection.console.warn(line);
    else this.connection.console.log(line);
  }

  /** The roots of the repositories whose refs decide a base. */
  private repositories(): string[] {
    const roots = [...this.bases.values()].flatMap(({ state }) => (state?.kind === 'loaded' ? [state.versions.root] : state?.kind === 'error' && state.root ? [state.root] : []));
    return [...new Set(roots)].sort();
  }

  /** The diff of `uri`'s model (a policy of a workspace folder in a git repository), or why there is none. */
  private stateOf(uri: string): BaseState | undefined {
    const key = keyOf(uri);
    const folder = isPolicyFileName(key) ? this.folderOf(key) : undefined;
    return folder === undefined ? undefined : this.bases.get(folder)?.state;
  }

  private modelDiff(uri: string): ModelDiff | { readonly error: string } | undefined {
    const state = this.stateOf(uri);
    if (state?.kind === 'error') return { error: state.message };
    if (state?.kind !== 'loaded') return undefined;
    const { workspace, modelFolders } = this.reporting;
    const keys = workspace.modelMembers(uri).map(keyOf).sort();
    const files = keys.flatMap((k) => workspace.parsed(k) ?? []);
    if (!files.length) return undefined;
    const folders = new Map<string, ModelFolder>(keys.flatMap((k) => modelFolders.folderOf(k) ?? []).map((f) => [f.folder, f]));
    const notes = [...folders.values()].flatMap((f) => f.notes.map((n) => n.path));
    const { versions } = state;
    const signature = shortHash([versions.base.commit, versions.base.label, ...[...keys, ...notes].map((k) => `${k}@${this.files.version(k)}`)].join('\n'));
    const cached = this.models.get(keys[0]!);
    if (cached?.signature === signature) return cached;
    const diff = diffModel(this.spelled(versions), headModel(files, [...folders.values()]));
    const model = { signature, diff, findings: analyzeDiff(diff, files) };
    this.models.set(keys[0]!, model);
    return model;
  }

  /**
   * The base with each file under the URI the index spells it with: the diff pairs files by URI, and editors encode
   * some characters (a Windows drive letter, parentheses) otherwise than Node does.
   */
  private spelled(versions: BaseVersions): BaseVersions {
    let changed = false;
    const policies = versions.policies.map((file) => {
      const uri = this.files.document(keyOf(file.document.uri))?.uri;
      if (uri === undefined || uri === file.document.uri) return file;
      changed = true;
      let again = this.respelled.get(file);
      if (again?.document.uri !== uri) {
        again = parsePolicy(TextDocument.create(uri, 'yaml', 0, file.document.getText()));
        this.respelled.set(file, again);
      }
      return again;
    });
    return changed ? { ...versions, policies } : versions;
  }

  /** The workspace folder holding `key` (the innermost one); its base is the diff's. */
  private folderOf(key: string): string | undefined {
    const holding = this.context().folders.filter((folder) => workspacePath(key, [folder]) !== undefined);
    return holding.sort((a, b) => b.length - a.length)[0];
  }

  /** A path as the user knows it: relative to its workspace folder. */
  private shown(path: string): string {
    return workspacePath(path, this.context().folders) ?? path;
  }

  private failed(error: string): { error: string } {
    this.connection.console.warn(`SLO diff: ${error}`);
    return { error };
  }
}

function sameState(a: BaseState, b: BaseState): boolean {
  if (a.kind === 'loaded' && b.kind === 'loaded') return a.versions === b.versions;
  if (a.kind === 'error' && b.kind === 'error') return a.message === b.message && a.root === b.root;
  return a.kind === b.kind;
}

/**
 * The repository's root as the workspace folder spells it: git prints the real path, and the base's files must have
 * the paths the index has (a workspace opened through a symbolic link).
 */
async function spelledRoot(root: string, folder: string): Promise<string> {
  const real = await realpath(folder).catch(() => folder);
  const rel = relative(root, real);
  if (rel === '') return folder;
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) || !folder.endsWith(sep + rel)) return root;
  return folder.slice(0, -(rel.length + 1));
}
