import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Finding } from '../engine';
import { chainFor, CONFIG_FILE_NAME, isConfigFileName, parseConfig, type ConfigLayer } from '../engine/config';
import { readText, type Files } from './files';

type Parsed = ReturnType<typeof parseConfig>;

/**
 * The config files (`.safety-specs.yaml`) that decide how each policy file is reported. Those the
 * index holds (under the workspace folders, or open) are parsed per version; others (in folders
 * above the workspace, or `safetySpecs.configPath`) are read from disk once, until a watched-file
 * event or a settings change says they may have changed.
 */
export class ConfigIndex {
  private readonly parsed = new Map<string, { version: string; parsed: Parsed }>();
  private readonly outside = new Map<string, Parsed | { error: string }>();

  constructor(private readonly files: Files) {}

  /** Every config file the index holds, by key. */
  configKeys(): string[] {
    return this.files.keys().filter(isConfigFileName);
  }

  /** The problems of an indexed config file, located in it. */
  findings(key: string): readonly Finding[] | undefined {
    return isConfigFileName(key) ? this.indexed(key)?.findings : undefined;
  }

  /** The config layers for a file, nearest first: `configPath`'s alone when it is set (as with `--config`). */
  chain(filePath: string, configPath: string | undefined): ConfigLayer[] {
    if (configPath) {
      const read = this.read(configPath);
      if ('layer' in read) return [read.layer];
    }
    return chainFor(filePath, (folder) => {
      const read = this.read(join(folder, CONFIG_FILE_NAME));
      return 'layer' in read ? read.layer : undefined;
    });
  }

  /** A config file: as the index holds it, else as it is on disk; a one-line reason when it cannot be read. */
  read(path: string): Parsed | { error: string } {
    const indexed = this.indexed(path);
    if (indexed) return indexed;
    let read = this.outside.get(path);
    if (!read) {
      read = readConfig(path);
      this.outside.set(path, read);
    }
    return read;
  }

  /** `path` changed on disk (or the settings changed, with no path): read it afresh when next needed. */
  invalidate(path?: string): void {
    if (path) this.outside.delete(path);
    else this.outside.clear();
  }

  private indexed(key: string): Parsed | undefined {
    const document = this.files.document(key);
    const version = this.files.version(key);
    if (!document || !version) return undefined;
    const cached = this.parsed.get(key);
    if (cached?.version === version) return cached.parsed;
    const parsed = parseConfig(document);
    this.parsed.set(key, { version, parsed });
    return parsed;
  }
}

function readConfig(path: string): Parsed | { error: string } {
  const read = readText(path);
  return 'error' in read ? read : parseConfig(TextDocument.create(pathToFileURL(path).href, 'yaml', 1, read.text));
}
