import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient, State, WorkDoneProgress, type WorkDoneProgressBegin, type WorkDoneProgressEnd, type WorkDoneProgressReport } from 'vscode-languageclient/node';

/** For a long command: a token that cancels it, and the work-done progress it reports (`workDoneToken`). */
export interface CommandOptions {
  readonly token: vscode.CancellationToken;
  readonly onProgress: (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => void;
}

/**
 * Owns the lifecycle of the language client.
 *
 * vscode-languageclient throws when `stop()` is called on a client that is still
 * starting, and when `start()` is called on one that is stopping. Every lifecycle
 * operation is therefore queued, so a double-clicked "Restart Server" or a restart
 * during start-up cannot trip over itself.
 */
export class ServerController {
  private queue: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(readonly client: LanguageClient) {}

  get onDidChangeState(): vscode.Event<{ oldState: State; newState: State }> {
    return this.client.onDidChangeState;
  }

  get state(): State {
    return this.client.state;
  }

  /** Starts the server (a no-op if it is already running). */
  start(): Promise<void> {
    return this.enqueue(() => this.client.start());
  }

  /** Stops the server if it is running or starting, then starts it again. */
  restart(): Promise<void> {
    return this.enqueue(async () => {
      await this.settleStart();
      if (this.client.state === State.Running) {
        await this.client.restart();
      } else {
        await this.client.start();
      }
    });
  }

  /** Resolves once every queued lifecycle operation has finished (successfully or not). */
  async whenIdle(): Promise<void> {
    await this.queue;
  }

  /**
   * Once the lifecycle is idle, a function that runs a server command (`workspace/executeCommand`), or undefined
   * when the server is not running: palette commands then tell the user instead of hanging.
   */
  async commandSender(): Promise<((command: string, args: unknown[], options?: CommandOptions) => Promise<unknown>) | undefined> {
    await this.whenIdle();
    if (!this.client.isRunning()) return undefined;
    return (command, args, options) => {
      if (!options) return this.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args });
      const workDoneToken = randomUUID();
      const listening = this.client.onProgress(WorkDoneProgress.type, workDoneToken, options.onProgress);
      return this.client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args, workDoneToken }, options.token).finally(() => listening.dispose());
    };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    await this.settleStart();
    await this.client.dispose();
  }

  /** If a start is in flight, waits for it; a failed start leaves the client stopped. */
  private async settleStart(): Promise<void> {
    if (this.client.state === State.Starting) {
      await this.client.start().catch(() => undefined);
    }
  }

  private enqueue(operation: () => Promise<void>): Promise<void> {
    if (this.disposed) return Promise.reject(new Error('Safety Specs: the language client has been disposed.'));
    const result = this.queue.then(operation);
    // Keep the queue alive after a failure; the caller still sees the rejection.
    this.queue = result.catch(() => undefined);
    return result;
  }
}
