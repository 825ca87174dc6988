import { randomUUID } from 'node:crypto';
import {
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type Connection,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver/node';

export interface Progress {
  /** `done` of `total` items processed. */
  report(done: number, total: number): void;
  end(message: string): void;
}

const SILENT: Progress = { report: () => undefined, end: () => undefined };

/**
 * Server-initiated work-done progress (window/workDoneProgress/create, then $/progress), for
 * clients that support it; otherwise a silent stand-in. Written out rather than through
 * `connection.window.createWorkDoneProgress` so that the end can carry a message (the total).
 */
export async function beginProgress(connection: Connection, supported: boolean, title: string): Promise<Progress> {
  if (!supported) return SILENT;
  const token = randomUUID();
  try {
    await connection.sendRequest(WorkDoneProgressCreateRequest.type, { token });
  } catch {
    return SILENT; // the client declined: the work goes on without progress
  }
  const send = (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => void connection.sendProgress(WorkDoneProgress.type, token, value);
  send({ kind: 'begin', title, percentage: 0, cancellable: false });
  return {
    report: (done, total) => send({ kind: 'report', message: `${done}/${total} files`, percentage: total ? Math.floor((done * 100) / total) : 100 }),
    end: (message) => send({ kind: 'end', message }),
  };
}
