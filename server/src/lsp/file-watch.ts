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
 * settings, metrics snapshots, a repository's refs), replaced whenever the set changes. Without relative patterns,
 * the glob is on the name: the owner ignores events for other files of that name.
 */
export class FileWatch {
  private watched = '[]';
  private registration: Promise<Disposable | undefined> = Promise.resolve(undefined);

  constructor(
    private readonly connection: Connection,
    private readonly client: WatchClient,
  ) {}

  watch(paths: readonly string[]): void {
    this.watchGlobs(paths.map((path) => ({ folder: dirname(path), pattern: basename(path) })));
  }

  /** Globs below folders (`pattern` relative to `folder`), e.g. a repository's refs. */
  watchGlobs(globs: readonly { readonly folder: string; readonly pattern: string }[]): void {
    const key = JSON.stringify(globs);
    if (!this.client.watch || key === this.watched) return;
    this.watched = key;
    const watchers: FileSystemWatcher[] = globs.map(({ folder, pattern }) => ({
      globPattern: this.client.relativePatterns ? { baseUri: pathToFileURL(folder).href, pattern } : `**/${pattern}`,
    }));
    this.registration = this.registration
      .then((previous) => {
        previous?.dispose();
        return watchers.length ? this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }) : undefined;
      })
      .catch(() => undefined);
  }
}
