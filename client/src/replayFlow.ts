// What happens when a replay is asked for (the lens, "Replay Metric History", "What-If Threshold Sweep"), between the
// server's answer and what the user sees. Free of `vscode`: the editor is behind `ReplayEditor`, so the flow is tested
// with a fake one (test/client/replay.test.ts).
import { parseThresholds } from '../../server/src/engine/replay/thresholds';

/** The server's command: `[{ uri, last?, step?, whatIf?: { slo, thresholds? }, history?, cspSource? }]`. */
export const REPLAY_COMMAND = 'safetySpecs.server.replay';
/** The server's list of the SLOs a what-if can sweep: `[{ uri }]` -> `{ slos: [{ label, target, thresholds }] }`. */
export const REPLAY_SLOS_COMMAND = 'safetySpecs.server.replaySlos';
/** What the replay lens runs (a client command). */
export const SHOW_REPLAY_COMMAND = 'safetySpecs.showReplay';
/** The setting that names the metric history (in the `safetySpecs` section). */
export const HISTORY_SETTING = 'replay.history';

export interface ReplayRequest {
  readonly uri: string;
  /** A duration (`7d`) or `all`; absent: the model's longest window. */
  readonly last?: string;
  readonly whatIf?: { readonly slo: string; readonly thresholds?: string };
}

export interface ReplayReport {
  readonly title: string;
  readonly markdown: string;
  readonly html: string;
  /** The user stopped it: the report covers the history read so far. */
  readonly cancelled: boolean;
}

/** A report panel: opened (or revealed) before the server is asked, since the server writes its `cspSource` into the HTML. */
export interface ReplayPanel {
  readonly cspSource: string;
  show(report: ReplayReport): void;
  /** Closes a panel opened for this run only; a panel that showed an earlier report keeps it. */
  abandon(): void;
}

export interface ReplayEditor {
  open(policyUri: string): ReplayPanel;
  /** Lets the user pick a history file and makes it the one replays read; false when cancelled. `reason`: the server's. */
  chooseHistory(policyUri: string, reason: string): Promise<boolean>;
  showError(message: string): void;
}

/** Runs REPLAY_COMMAND on the server with these arguments (with progress and a way to cancel). */
export type RunOnServer = (args: unknown[]) => Promise<unknown>;

/**
 * Replays a policy's model on the server and shows the report in the policy's panel. Without a history the user picks
 * a file (saved in the settings) and it runs again; cancelling shows nothing. Never throws: a failure is shown as an
 * error. Returns the report shown.
 */
export async function replay(request: ReplayRequest, run: RunOnServer, editor: ReplayEditor): Promise<ReplayReport | undefined> {
  const panel = editor.open(request.uri);
  try {
    let reply = await run([{ ...request, cspSource: panel.cspSource }]);
    if (needsHistory(reply)) {
      if (!(await editor.chooseHistory(request.uri, reply.error))) {
        panel.abandon();
        return undefined;
      }
      reply = await run([{ ...request, cspSource: panel.cspSource }]);
    }
    if (isRecord(reply) && typeof reply.error === 'string') throw new Error(reply.error);
    const report = reportOf(reply);
    panel.show(report);
    return report;
  } catch (error) {
    panel.abandon();
    editor.showError(`Safety Specs: the replay failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

/** The periods "Replay Metric History" offers, as the server's `last` reads them. */
export const REPLAY_PERIODS = [
  { label: 'Last 24 hours', last: '24h' },
  { label: 'Last 7 days', last: '7d' },
  { label: 'Last 30 days', last: '30d' },
  { label: 'All of the history', last: 'all' },
] as const;

/** An SLO a what-if can sweep, as the server lists it. */
export interface SweepableSlo {
  /** `name`, or `name#2` for the second SLO of that name in the model. */
  readonly label: string;
  /** As written: `>= 0.90`. */
  readonly target: string;
  /** The default sweep, `FROM:TO:STEP` in the unit the metric is compared in (a ratio for percentages). */
  readonly thresholds: string;
}

/** The SLOs the server lists for a what-if, or an error to show. */
export function sweepableSlos(reply: unknown): readonly SweepableSlo[] | { readonly error: string } {
  if (isRecord(reply) && typeof reply.error === 'string') return { error: reply.error };
  const slos = isRecord(reply) && Array.isArray(reply.slos) ? reply.slos : undefined;
  if (!slos?.every((s) => isRecord(s) && typeof s.label === 'string' && typeof s.target === 'string' && typeof s.thresholds === 'string')) {
    return { error: 'the language server sent no list of SLOs.' };
  }
  return slos as SweepableSlo[];
}

/** The input box's validation message for a typed `FROM:TO:STEP`, or undefined when the server will take it. */
export function thresholdsProblem(text: string): string | undefined {
  const range = parseThresholds(text);
  return 'error' in range ? `Thresholds: ${range.error}` : undefined;
}

function needsHistory(reply: unknown): reply is { error: string } {
  return isRecord(reply) && typeof reply.error === 'string' && reply.needsHistory === true;
}

function reportOf(reply: unknown): ReplayReport {
  if (!isRecord(reply) || typeof reply.title !== 'string' || typeof reply.markdown !== 'string' || typeof reply.html !== 'string') {
    throw new Error('the language server sent no report.');
  }
  return { title: reply.title, markdown: reply.markdown, html: reply.html, cancelled: reply.cancelled === true };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
