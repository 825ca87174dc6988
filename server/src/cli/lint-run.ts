import { basename } from 'node:path';
import { analyzeWorkspace, isConfigFileName, settle, today } from '../engine';
import { ConfigFiles } from './config';
import type { FileReport, Notice } from './format/report';
import { collectInputs, type Input } from './read-policy';

export interface LintOptions {
  /** `--config FILE`: one config for every file instead of discovery. */
  readonly config?: string;
  readonly noIgnore: boolean;
}

export interface Linted {
  /** Each policy file's findings after its configuration and suppressions, or why it could not be read. */
  readonly policies: readonly FileReport[];
  /** The config files the run read, with their own findings. */
  readonly configs: readonly FileReport[];
  readonly notices: readonly Notice[];
}

/**
 * The analysis every command shares: walk the paths, analyse all policy files together (so conflicts
 * among the files of one model are found), then settle each file with the config that governs it.
 */
export function lint(paths: readonly string[], options: LintOptions): Linted {
  const configs = new ConfigFiles(options.config);
  const { inputs, notices } = collectInputs(paths.length ? paths : ['.'], { noIgnore: options.noIgnore, isIgnored: (path) => configs.settingsFor(path).ignored });
  // A config file named on the command line (pre-commit, a script) is validated as a config, not as a policy.
  const isConfig = (input: Input) => isConfigFileName(basename(input.path));
  for (const input of inputs) if (isConfig(input)) configs.include(input);
  const policyInputs = inputs.filter((input) => !isConfig(input));
  const analyses = analyzeWorkspace(policyInputs.flatMap((i) => ('document' in i ? [i.document] : [])));
  const day = today();
  const policies = policyInputs.map((input): FileReport => {
    if ('error' in input) return input;
    const { levels } = configs.settingsFor(input.path);
    const settled = settle(input.document, analyses.get(input.document.uri)!.findings, { levels, today: day });
    return { path: input.path, uri: input.document.uri, findings: settled.findings, waived: settled.waived };
  });
  return { policies, configs: configs.reports(), notices };
}

/** A config file with an error is a config error (exit 2), whatever the policies say. */
export function hasConfigError(configs: readonly FileReport[]): boolean {
  return configs.some((c) => 'error' in c || c.findings.some((f) => f.severity === 'error'));
}
