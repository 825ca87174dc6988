import type { CodeLens } from 'vscode-languageserver-types';
import { modelSlos } from '../dry-run/evaluate';
import type { Window } from '../duration';
import type { PolicyFile } from '../policy/parse';
import { sloWindow } from '../policy/semantics';

/** The server's replay command (`workspace/executeCommand`): `[{ uri, last?, step?, whatIf?, history?, cspSource? }]`. */
export const REPLAY_COMMAND = 'safetySpecs.server.replay';

/** The SLOs a what-if can sweep (`[{ uri }]` -> `{ slos: [{ label, target, thresholds }] }`), for an editor to offer. */
export const REPLAY_SLOS_COMMAND = 'safetySpecs.server.replaySlos';

/**
 * What the replay lens runs: a client command (VS Code opens the report in a panel, asking for a history file when
 * none is set), with `[{ uri }]`. Other editors run REPLAY_COMMAND themselves and show its Markdown.
 */
export const SHOW_REPLAY_COMMAND = 'safetySpecs.showReplay';

/** The period a replay covers when none is asked for. */
export const DEFAULT_REPLAY_PERIOD: Extract<Window, { kind: 'duration' }> = { kind: 'duration', seconds: 7 * 86400, text: '7d' };

/**
 * The period a replay of this model covers by default: its longest finite SLO window, so every SLO is evaluated over a
 * full window at least once at the end; 7 days when it has none (only `rolling` windows, or none that parse).
 */
export function replayPeriod(files: readonly PolicyFile[]): Extract<Window, { kind: 'duration' }> {
  let longest: Extract<Window, { kind: 'duration' }> | undefined;
  for (const { file, slo } of modelSlos(files)) {
    const window = sloWindow(file, slo)?.result;
    if (window?.ok && window.window.kind === 'duration' && window.window.seconds > (longest?.seconds ?? 0)) longest = window.window;
  }
  return longest ?? DEFAULT_REPLAY_PERIOD;
}

const UNIT_WORDS: Record<string, string> = { w: 'week', d: 'day', h: 'hour', m: 'minute', s: 'second' };

/** `7d` as "7 days", `1d` as "day" (after "last"), `1h30m` as "1 hour 30 minutes". */
export function periodWords(period: Extract<Window, { kind: 'duration' }>): string {
  const parts = [...period.text.matchAll(/(\d+)([wdhms])/g)].map(([, n, unit]) => ({ n: Number(n), word: UNIT_WORDS[unit!]! }));
  if (parts.length === 1 && parts[0]!.n === 1) return parts[0]!.word;
  return parts.map(({ n, word }) => `${n} ${word}${n === 1 ? '' : 's'}`).join(' ');
}

/**
 * The lens at the top of a policy whose model has SLOs: "Replay last 7 days..." (the ellipsis: it asks for a history
 * when none is set). `files` are the model's policy files, this one among them.
 */
export function replayLens(file: PolicyFile, files: readonly PolicyFile[]): CodeLens | undefined {
  if (!modelSlos(files).length) return undefined;
  const { uri } = file.document;
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    command: { title: `Replay last ${periodWords(replayPeriod(files))}...`, command: SHOW_REPLAY_COMMAND, arguments: [{ uri }] },
  };
}
