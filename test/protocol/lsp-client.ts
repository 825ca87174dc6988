// A small LSP test client: spawns the real bundled server (`node dist/server.js --stdio`) and speaks
// JSON-RPC to it with vscode-jsonrpc, the way an editor does. Used by the protocol tests and by the
// CLI/server parity test.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type {
  ClientCapabilities,
  CodeAction,
  CodeLens,
  Command,
  CompletionItem,
  CompletionList,
  Diagnostic as LspDiagnostic,
  DocumentSymbol,
  FoldingRange,
  Hover,
  InitializeResult,
  LogMessageParams,
  Position,
  Range,
  ShowMessageParams,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';

/** A diagnostic as this server sends it: the message is always a plain string (never MarkupContent). */
export type Diagnostic = Omit<LspDiagnostic, 'message'> & { message: string };

export interface PublishDiagnosticsParams {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export type DocumentDiagnosticReport = { kind: 'full'; resultId?: string; items: Diagnostic[] } | { kind: 'unchanged'; resultId: string };

/** One file's part of a `workspace/diagnostic` answer. */
export type WorkspaceDocumentReport = DocumentDiagnosticReport & { uri: string; version: number | null };

/** `$/progress` values of work-done progress. */
export type WorkDoneProgressValue =
  | { kind: 'begin'; title: string; message?: string; percentage?: number; cancellable?: boolean }
  | { kind: 'report'; message?: string; percentage?: number }
  | { kind: 'end'; message?: string };

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const SERVER_JS = join(REPO_ROOT, 'dist', 'server.js');
export const CLI_JS = join(REPO_ROOT, 'dist', 'cli.js');

let built = false;

/**
 * Tests use the bundles in dist/ (`npm test` builds them first). When one is missing, build once,
 * so running `npx mocha test/protocol` alone also works.
 */
export function ensureBuilt(): void {
  if (built) return;
  if (!existsSync(SERVER_JS) || !existsSync(CLI_JS)) {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['run', 'build', '--silent'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: 'pipe' });
    if (result.status !== 0) throw new Error(`npm run build failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  built = true;
}

/** A file: URI for a document that need not exist on disk (the server only reads what it is sent). */
export function fileUri(name: string, folder = join(tmpdir(), 'safety-specs-protocol-tests')): string {
  return pathToFileURL(join(folder, name)).href;
}

/** Joins lines with "\n" and ends with a newline, so fixtures read like the files they stand for. */
export function lines(...ls: string[]): string {
  return ls.join('\n') + '\n';
}

/** The position of the `occurrence`-th (0-based) `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, occurrence = 0, delta = 0): Position {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (occurrence ${occurrence}) not found in the fixture`);
  }
  return TextDocument.create('x:', 'yaml', 0, text).positionAt(at + delta);
}

/** The range covering the `occurrence`-th `needle` in `text`. */
export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  const start = positionOf(text, needle, occurrence);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  return TextDocument.applyEdits(TextDocument.create('x:', 'yaml', 0, text), [...edits]);
}

/** Applies the edits a workspace edit makes to one document (`changes` or `documentChanges`). */
export function applyWorkspaceEdit(text: string, uri: string, edit: WorkspaceEdit | undefined): string {
  if (!edit) throw new Error('code action has no edit');
  const edits: TextEdit[] = [...(edit.changes?.[uri] ?? [])];
  for (const change of edit.documentChanges ?? []) {
    if ('textDocument' in change && change.textDocument.uri === uri) edits.push(...(change.edits as TextEdit[]));
  }
  const others = Object.keys(edit.changes ?? {}).filter((u) => u !== uri);
  if (others.length) throw new Error(`code action edits other documents: ${others.join(', ')}`);
  return applyEdits(text, edits);
}

export interface StartOptions {
  /** Declare `textDocument.diagnostic` (pull diagnostics). */
  readonly pullDiagnostics?: boolean;
  /** Extra client capabilities, merged over the defaults. */
  readonly capabilities?: ClientCapabilities;
  /** `workspaceFolders` sent in `initialize` (default null: no folder open). */
  readonly workspaceFolders?: readonly { uri: string; name: string }[] | null;
  /** `rootUri` sent in `initialize` (default null). */
  readonly rootUri?: string | null;
  /**
   * The `safetySpecs` settings: declares `workspace.configuration` and answers the server's
   * workspace/configuration requests with them (see `changeSettings`).
   */
  readonly settings?: unknown;
  /** `initializationOptions` sent in `initialize`. */
  readonly initializationOptions?: unknown;
}

type Waiter = { readonly check: () => boolean; readonly fail: (e: Error) => void };

const live = new Set<LspClient>();

export class LspClient {
  /** Every publishDiagnostics notification, in the order received. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** window/logMessage notifications (the server logs failed requests here as errors). */
  readonly logs: LogMessageParams[] = [];
  /** Other notifications the server sent. */
  readonly notifications: { method: string; params: unknown }[] = [];
  /** Requests the server sent to the client (registerCapability, diagnostic refresh, ...), in order. */
  readonly requests: { method: string; params: unknown }[] = [];
  /** `$/progress` notifications (work-done progress the server started), in order. */
  readonly progress: { token: string | number; value: WorkDoneProgressValue }[] = [];
  /** What workspace/configuration answers for the `safetySpecs` section. */
  settings: unknown;
  stderr = '';
  exitCode: number | null | undefined;
  initializeResult!: InitializeResult;

  private readonly documents = new Map<string, TextDocument>();
  /** Per URI, how many notifications had arrived when it was last opened: waits look only at later ones. */
  private readonly openedAt = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    this.exited = new Promise((resolveExit) => {
      child.on('exit', (code, signal) => {
        this.exitCode = code;
        const error = new Error(`server exited (code ${code}, signal ${signal})${this.stderr ? `; stderr:\n${this.stderr}` : ''}`);
        for (const w of [...this.waiters]) w.fail(error);
        resolveExit(code);
      });
    });
    child.stderr!.setEncoding('utf8');
    child.stderr!.on('data', (chunk: string) => (this.stderr += chunk));
    child.stdin!.on('error', () => undefined); // EPIPE after the server exits is expected in some tests
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.push(params);
      this.poke();
    });
    connection.onNotification('window/logMessage', (params: LogMessageParams) => {
      this.logs.push(params);
      this.poke();
    });
    connection.onNotification((method, params) => {
      this.notifications.push({ method, params });
      this.poke();
    });
    connection.onUnhandledProgress((params) => {
      this.progress.push(params as { token: string | number; value: WorkDoneProgressValue });
      this.poke();
    });
    // Answer workspace/configuration with `settings`, anything else (registerCapability, ...) with null; record it.
    connection.onRequest((method, params) => {
      this.requests.push({ method, params });
      this.poke();
      if (method === 'workspace/configuration') {
        return (params as { items: { section?: string }[] }).items.map((item) => (item.section === 'safetySpecs' ? (this.settings ?? null) : null));
      }
      return null;
    });
    connection.onError(() => undefined);
    connection.listen();
  }

  /** Spawns the server and runs `initialize` + `initialized`. */
  static async start(options: StartOptions = {}): Promise<LspClient> {
    ensureBuilt();
    const child = spawn(process.execPath, [SERVER_JS, '--stdio'], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    const reader = new StreamMessageReader(child.stdout!);
    // A server killed in the middle of a message leaves it partial; the reader's warning timer for that
    // re-arms itself forever and would keep mocha from exiting.
    reader.partialMessageTimeout = 0;
    const connection = createMessageConnection(reader, new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection);
    live.add(client);
    client.settings = options.settings;
    const capabilities: ClientCapabilities = {
      ...options.capabilities,
      workspace: { ...(options.settings !== undefined ? { configuration: true } : {}), ...options.capabilities?.workspace },
      textDocument: {
        synchronization: { dynamicRegistration: false, didSave: true },
        hover: { contentFormat: ['markdown', 'plaintext'] },
        completion: { completionItem: { snippetSupport: true } },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'refactor.rewrite'] } }, isPreferredSupport: true },
        documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        foldingRange: {},
        publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
        ...(options.pullDiagnostics ? { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } } : {}),
        ...options.capabilities?.textDocument,
      },
    };
    client.initializeResult = await client.request<InitializeResult>('initialize', {
      processId: process.pid,
      clientInfo: { name: 'safety-specs-protocol-tests' },
      rootUri: options.rootUri ?? null,
      capabilities,
      workspaceFolders: options.workspaceFolders ?? null,
      ...(options.initializationOptions !== undefined ? { initializationOptions: options.initializationOptions } : {}),
    });
    await client.connection.sendNotification('initialized', {});
    return client;
  }

  /** Disposes every client still running (a safety net for a root `after` hook). */
  static disposeAll(): void {
    for (const client of [...live]) client.dispose();
  }

  get running(): boolean {
    return this.exitCode === undefined;
  }

  /** A request that fails fast (with the server's stderr) when the server dies instead of answering. */
  async request<R>(method: string, params: unknown, timeoutMs = 10_000): Promise<R> {
    if (!this.running) throw new Error(`server is not running (exit code ${this.exitCode}); stderr:\n${this.stderr}`);
    let timer: NodeJS.Timeout | undefined;
    let waiter: Waiter | undefined;
    const failure = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method}: no answer within ${timeoutMs} ms`)), timeoutMs);
      waiter = { check: () => false, fail: reject };
      this.waiters.add(waiter);
    });
    try {
      return await Promise.race([this.connection.sendRequest<R>(method, params), failure]);
    } finally {
      clearTimeout(timer);
      this.waiters.delete(waiter!);
    }
  }

  async notify(method: string, params: unknown): Promise<void> {
    await this.connection.sendNotification(method, params);
  }

  // --- documents -------------------------------------------------------------------------------

  async open(uri: string, text: string, languageId = 'yaml', version = 1): Promise<TextDocument> {
    const document = TextDocument.create(uri, languageId, version, text);
    this.documents.set(uri, document);
    this.openedAt.set(uri, this.published.length);
    await this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
    return document;
  }

  /** Sends incremental changes (ranges in the text as it is before each change, as VS Code does); returns the new version. */
  async change(uri: string, changes: readonly { range: Range; text: string }[]): Promise<number> {
    const before = this.document(uri);
    const version = before.version + 1;
    const after = TextDocument.update(before, changes.map((c) => ({ range: c.range, text: c.text })), version);
    this.documents.set(uri, after);
    await this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Replaces the whole text with one incremental change over the full range. */
  async replaceAll(uri: string, text: string): Promise<number> {
    const document = this.document(uri);
    const end = document.positionAt(document.getText().length);
    return this.change(uri, [{ range: { start: { line: 0, character: 0 }, end }, text }]);
  }

  async close(uri: string): Promise<void> {
    this.documents.delete(uri);
    await this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  document(uri: string): TextDocument {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document;
  }

  text(uri: string): string {
    return this.document(uri).getText();
  }

  version(uri: string): number {
    return this.document(uri).version;
  }

  // --- diagnostics -----------------------------------------------------------------------------

  /** All publishDiagnostics notifications received for `uri`, oldest first. */
  diagnosticsFor(uri: string): PublishDiagnosticsParams[] {
    return this.published.filter((p) => p.uri === uri);
  }

  /**
   * The newest publishDiagnostics for `uri` since it was last opened (already received or still to
   * come) that satisfies `predicate`; rejects after `timeoutMs` with what was received instead.
   */
  waitForDiagnostics(uri: string, predicate: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const find = () =>
      this.published
        .slice(this.openedAt.get(uri) ?? 0)
        .filter((p) => p.uri === uri)
        .reverse()
        .find(predicate);
    return this.waitFor(find, timeoutMs, () => `diagnostics for ${uri}; received: ${JSON.stringify(this.diagnosticsFor(uri).map((p) => ({ version: p.version, codes: p.diagnostics.map((d) => d.code) })))}`);
  }

  /**
   * The newest publishDiagnostics for `uri` among those received from index `from` of `published` on
   * that satisfies `predicate` (already received or still to come): for a document whose diagnostics
   * change because of an edit elsewhere (its version does not change).
   */
  waitForDiagnosticsSince(uri: string, from: number, predicate: (p: PublishDiagnosticsParams) => boolean = () => true, timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    const find = () =>
      this.published
        .slice(from)
        .filter((p) => p.uri === uri)
        .reverse()
        .find(predicate);
    return this.waitFor(find, timeoutMs, () => `diagnostics for ${uri} after #${from}; received since: ${JSON.stringify(this.published.slice(from).filter((p) => p.uri === uri).map((p) => ({ version: p.version, codes: p.diagnostics.map((d) => d.code) })))}`);
  }

  /** Diagnostics published for exactly the document's current version. */
  waitForVersion(uri: string, version = this.version(uri), timeoutMs = 5000): Promise<PublishDiagnosticsParams> {
    return this.waitForDiagnostics(uri, (p) => p.version === version, timeoutMs);
  }

  /** Resolves once `find` returns something; checked on every notification and on a short poll. */
  waitFor<T>(find: () => T | undefined, timeoutMs: number, what: () => string): Promise<T> {
    const found = find();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolveWait, reject) => {
      const poll = setInterval(() => waiter.check(), 50);
      const timer = setTimeout(() => done(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`)), timeoutMs);
      const done = (error?: Error, value?: T) => {
        clearInterval(poll);
        clearTimeout(timer);
        this.waiters.delete(waiter);
        if (error) reject(error);
        else resolveWait(value as T);
      };
      const waiter: Waiter = {
        check: () => {
          const value = find();
          if (value === undefined) return false;
          done(undefined, value);
          return true;
        },
        fail: (e) => done(e),
      };
      this.waiters.add(waiter);
    });
  }

  /** The first request with `method` the server sent from index `from` of `requests` on (already received or still to come). */
  waitForRequest(method: string, from = 0, timeoutMs = 5000): Promise<{ method: string; params: unknown }> {
    return this.waitFor(
      () => this.requests.slice(from).find((r) => r.method === method),
      timeoutMs,
      () => `a ${method} request; received: ${JSON.stringify(this.requests.slice(from).map((r) => r.method))}`,
    );
  }

  /** Pull diagnostics (`textDocument/diagnostic`). */
  pullDiagnostics(uri: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.request('textDocument/diagnostic', { textDocument: { uri }, ...(previousResultId !== undefined ? { previousResultId } : {}) });
  }

  /** workspace/diagnostic: a report per file the server knows, "unchanged" for those whose `previousResultIds` still hold. */
  async workspaceDiagnostics(previousResultIds: readonly { uri: string; value: string }[] = []): Promise<WorkspaceDocumentReport[]> {
    const result = await this.request<{ items: WorkspaceDocumentReport[] }>('workspace/diagnostic', { previousResultIds });
    return result.items;
  }

  /** New settings, announced as VS Code does: didChangeConfiguration, and the server pulls them. */
  async changeSettings(settings: unknown): Promise<void> {
    this.settings = settings;
    await this.notify('workspace/didChangeConfiguration', { settings: null });
  }

  /** window/showMessage notifications, oldest first. */
  shownMessages(): ShowMessageParams[] {
    return this.notifications.filter((n) => n.method === 'window/showMessage').map((n) => n.params as ShowMessageParams);
  }

  /** Errors the server logged (request handlers that threw are logged, then answered with "nothing"). */
  loggedErrors(): LogMessageParams[] {
    return this.logs.filter((l) => l.type === 1);
  }

  // --- language features -----------------------------------------------------------------------

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.request('textDocument/hover', { textDocument: { uri }, position });
  }

  async completion(uri: string, position: Position): Promise<CompletionItem[]> {
    const result = await this.request<CompletionItem[] | CompletionList | null>('textDocument/completion', { textDocument: { uri }, position });
    if (!result) return [];
    return Array.isArray(result) ? result : result.items;
  }

  async codeActions(uri: string, range: Range, diagnostics: readonly Diagnostic[] = []): Promise<CodeAction[]> {
    const result = await this.request<(CodeAction | Command)[] | null>('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
    return (result ?? []).filter((a): a is CodeAction => !('command' in a && typeof a.command === 'string'));
  }

  documentSymbols(uri: string): Promise<DocumentSymbol[] | SymbolInformation[] | null> {
    return this.request('textDocument/documentSymbol', { textDocument: { uri } });
  }

  foldingRanges(uri: string): Promise<FoldingRange[] | null> {
    return this.request('textDocument/foldingRange', { textDocument: { uri } });
  }

  async codeLenses(uri: string): Promise<CodeLens[]> {
    return (await this.request<CodeLens[] | null>('textDocument/codeLens', { textDocument: { uri } })) ?? [];
  }

  /** Each lens as `[line, title]`: what a user reads above the code. */
  async lensTitles(uri: string): Promise<[number, string][]> {
    return (await this.codeLenses(uri)).map((l) => [l.range.start.line, l.command!.title]);
  }

  // --- lifecycle -------------------------------------------------------------------------------

  /** `shutdown` then `exit`, as an editor closes a server; resolves with the exit code. */
  async shutdown(timeoutMs = 5000): Promise<number | null> {
    await this.request('shutdown', null);
    await this.notify('exit', null);
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    const code = await Promise.race([this.exited, timeout]);
    if (code === 'timeout') throw new Error(`server did not exit within ${timeoutMs} ms after shutdown + exit`);
    return code;
  }

  waitForExit(): Promise<number | null> {
    return this.exited;
  }

  /** Kills the server if it is still running; safe to call more than once. */
  dispose(): void {
    live.delete(this);
    for (const w of [...this.waiters]) w.fail(new Error('client disposed'));
    this.connection.dispose();
    if (this.running && !this.child.killed) this.child.kill('SIGKILL');
  }

  private poke(): void {
    for (const w of [...this.waiters]) w.check();
  }
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
