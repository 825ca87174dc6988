import { MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import { FileWatch, type WatchClient } from './file-watch';
import type { Reporting } from './reporting';
import { DEFAULT_SETTINGS, readSettings, type Settings, type SettingsContext } from './settings';

export const SETTINGS_SECTION = 'safetySpecs';

export interface SettingsClient extends WatchClient {
  /** The client answers workspace/configuration. */
  readonly pull: boolean;
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
  private readonly watcher: FileWatch;
  /** Pulls one at a time, so an older answer never overwrites a newer one. */
  private pulls: Promise<void> = Promise.resolve();

  constructor(
    private readonly connection: Connection,
    private readonly client: SettingsClient,
    private readonly context: () => SettingsContext,
    private readonly reporting: Reporting,
    private readonly onChange: () => void,
  ) {
    this.watcher = new FileWatch(connection, client);
  }

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

  /** The settings once the reads under way are done (a change announced just before a request applies to it). */
  async latest(): Promise<Settings> {
    await this.pulls.catch(() => undefined);
    return this.settings ?? DEFAULT_SETTINGS;
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
    this.watcher.watch([settings.configPath, settings.baseline].filter((p): p is string => !!p));
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
}
