import { basename, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, MessageType, ShowMessageNotification, type Connection, type Disposable, type FileSystemWatcher } from 'vscode-languageserver/node';
import type { Reporting } from './reporting';
import { readSettings, type Settings, type SettingsContext } from './settings';

export const SETTINGS_SECTION = 'safetySpecs';

export interface SettingsClient {
  /** The client answers workspace/configuration. */
  readonly pull: boolean;
  /** The client takes dynamic didChangeWatchedFiles registrations, and relative patterns in them. */
  readonly watch: boolean;
  readonly relativePatterns: boolean;
}

/**
 * Keeps the editor's `safetySpecs` settings applied: pulled at start and on every change,
 * validated, each problem shown once (a warning and a log line) until it is fixed, and the files
 * they name (configPath, baseline) watched, since a change to one changes every file's report.
 */
export class SettingsSync {
  private raw: unknown;
  private applied = false;
  private settings: Settings | undefined;
  private shown = new Set<string>();
  private watched = '';
  private watchers: Promise<Disposable | undefined> = Promise.resolve(undefined);
  /** Pulls one at a time, so an older answer never overwrites a newer one. */
  private pulls: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    private readonly client: SettingsClient,
    private readonly context: () => SettingsContext,
    private readonly reporting: Reporting,
    private readonly onChange: () => void,
  ) {}

  /** Reads the settings: pulled when the client can answer, else as pushed with didChangeConfiguration. */
  pull(pushed?: unknown): Promise<void> {
    this.pulls = this.pulls.catch(() => undefined).then(() => this.read(pushed));
    return this.pulls;
  }

  private async read(pushed: unknown): Promise<void> {
    const raw = this.client.pull ? await this.connection.workspace.getConfiguration(SETTINGS_SECTION) : (pushed as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
    // Registering for changes makes some clients announce one at once: the same settings, nothing to redo.
    if (this.applied && JSON.stringify(raw) === JSON.stringify(this.raw)) return;
    this.raw = raw;
    this.apply();
  }

  /** Whether a watched-file event concerns a file the settings name. */
  namesFile(path: string): boolean {
    return path === this.settings?.configPath || path === this.settings?.baseline;
  }

  /** Applies the last settings read again: a file they name changed on disk. */
  apply(): void {
    this.applied = true;
    const { settings, problems } = readSettings(this.raw, this.context());
    this.settings = settings;
    problems.push(...this.reporting.useSettings(settings));
    this.notify(problems);
    this.watch(settings);
    this.onChange();
  }

  private notify(problems: readonly string[]): void {
    for (const problem of problems) {
      if (this.shown.has(problem)) continue;
      this.connection.console.warn(problem);
      void this.connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: `Safety Specs: ${problem}` });
    }
    this.shown = new Set(problems);
  }

  private watch(settings: Settings): void {
    const paths = [settings.configPath, settings.baseline].filter((p): p is string => !!p);
    if (!this.client.watch || paths.join('\n') === this.watched) return;
    this.watched = paths.join('\n');
    const watchers: FileSystemWatcher[] = paths.map((path) => ({
      // Without relative patterns, a glob on the name: events for other files of that name are ignored (see `namesFile`).
      globPattern: this.client.relativePatterns ? { baseUri: pathToFileURL(dirname(path)).href, pattern: basename(path) } : `**/${basename(path)}`,
    }));
    this.watchers = this.watchers
      .then((previous) => {
        previous?.dispose();
        return watchers.length ? this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }) : undefined;
      })
      .catch(() => undefined);
  }
}
