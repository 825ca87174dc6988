import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chainFor, CONFIG_FILE_NAME, parseConfig, resolveSettings, type ConfigLayer } from '../engine';
import { UsageError } from './errors';
import type { FileReport } from './format/report';
import { readInput, type ReadFile } from './read-policy';

interface Loaded {
  readonly report: FileReport;
  readonly layer?: ConfigLayer;
}

/**
 * The config files of one run: discovered by walking up from each spec file (nearest wins, `root: true`
 * stops the walk), or the one file `--config` names for every file. Each file is read once, and its own
 * findings (unknown rules, never-event downgrades, ...) are reported like a policy's.
 */
export class ConfigFiles {
  private readonly byPath = new Map<string, Loaded>();
  private readonly explicit?: ConfigLayer;

  constructor(explicitPath: string | undefined) {
    if (!explicitPath) return;
    if (!existsSync(explicitPath)) throw new UsageError(`--config ${explicitPath}: no such file`);
    const loaded = this.load(resolve(explicitPath));
    if (!loaded.layer) throw new UsageError(`--config ${explicitPath}: ${'error' in loaded.report ? loaded.report.error : 'cannot read'}`);
    this.explicit = loaded.layer;
  }

  /** What the config chain of a spec file (policy, card or note) says: its levels and whether it is ignored. */
  settingsFor(path: string): ReturnType<typeof resolveSettings> {
    const absolute = resolve(path);
    const chain = this.explicit ? [this.explicit] : chainFor(absolute, (folder) => this.at(folder));
    return resolveSettings(absolute, chain);
  }

  /** A config file named on the command line: validated and reported, whether or not a policy uses it. */
  include(input: ReadFile): void {
    this.load(resolve(input.path), input);
  }

  /** The config files of this run that have something to say (findings, or why they could not be read). */
  reports(): FileReport[] {
    return [...this.byPath.values()].map((l) => l.report).filter((r) => 'error' in r || r.findings.length > 0);
  }

  private at(folder: string): ConfigLayer | undefined {
    const path = join(folder, CONFIG_FILE_NAME);
    if (!this.byPath.has(path) && !existsSync(path)) return undefined;
    return this.load(path).layer;
  }

  private load(path: string, read?: ReadFile): Loaded {
    const cached = this.byPath.get(path);
    if (cached) return cached;
    const input = read ?? readInput(path);
    let loaded: Loaded;
    if ('error' in input) loaded = { report: input };
    else {
      const { layer, findings } = parseConfig(input.document);
      loaded = { report: { path: input.path, uri: input.document.uri, findings }, layer };
    }
    this.byPath.set(path, loaded);
    return loaded;
  }
}
