import { basename, dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DidChangeWatchedFilesNotification, type Connection, type Disposable, type FileSystemWatcher } from 'vscode-languageserver/node';

export interface WatchClient {
  /** The client takes dynamic didChangeWatchedFiles registrations, and relative patterns in them. */
  readonly watch: boolean;
  readonly relativePatterns: boolean;
}

/**
 * One dynamic didChangeWatchedFiles registration for a set of files outside the workspace globs (files named by
 * settings, metrics snapshots), replaced whenever the set changes. Without relative patterns, the glob is on the
 * name: the owner ignores events for other files of that name.
 */
export class FileWatch {
  private watched = '';
  private registration: Promise<Disposable | undefined> = Promise.resolve(undefined);

  constructor(
    private readonly connection: Connection,
    private readonly client: WatchClient,
  ) {}

  watch(paths: readonly string[]): void {
    if (!this.client.watch || paths.join('\n') === this.watched) return;
    this.watched = paths.join('\n');
    const watchers: FileSystemWatcher[] = paths.map((path) => ({
      globPattern: this.client.relativePatterns ? { baseUri: pathToFileURL(dirname(path)).href, pattern: basename(path) } : `**/${basename(path)}`,
    }));
    this.registration = this.registration
      .then((previous) => {
        previous?.dispose();
        return watchers.length ? this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }) : undefined;
      })
      .catch(() => undefined);
  }
}
