import {
  DocumentDiagnosticReportKind,
  type Connection,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type WorkspaceDiagnosticParams,
  type WorkspaceDiagnosticReport,
  type WorkspaceDocumentDiagnosticReport,
} from 'vscode-languageserver/node';
import { keyOf, type Files } from './files';
import { guarded } from './guard';
import type { Reporting } from './reporting';

/** Diagnostics are pushed, or pulled by the client (LSP 3.17), never both. */
export type DiagnosticsMode = { readonly kind: 'push' } | { readonly kind: 'pull'; readonly refresh: boolean };

/**
 * Gets every indexed file's diagnostics to the client, open or not. Changes are queued and drained
 * once a burst of edits has arrived: a burst of keystrokes costs one analysis of the newest
 * version. Nothing is reported before the initial index is complete, so a file never shows a
 * partial set of conflicts while its model is still being read.
 */
export class Publisher {
  /** Files whose model is re-reported (expanded when drained: an edit may have changed the model). */
  private readonly changedUris = new Set<string>();
  /** Files re-reported as they are (members of a model a file left). */
  private readonly refresh = new Set<string>();
  private everythingQueued = false;
  private scheduled = false;
  private indexed = false;
  private markIndexed!: () => void;
  private readonly whenIndexed = new Promise<void>((resolve) => (this.markIndexed = resolve));
  /** Pull: files the index dropped, reported empty once by the next workspace pull so the client forgets them. */
  private readonly dropped = new Set<string>();
  /** Push: what was last sent per file, so a sweep skips files whose diagnostics did not change. */
  private readonly sent = new Map<string, string>();
  private readonly drain: () => void;

  constructor(
    private readonly connection: Connection,
    private readonly mode: DiagnosticsMode,
    private readonly files: Files,
    private readonly reporting: Reporting,
  ) {
    this.drain = guarded<void, void>(connection, 'diagnostics', () => this.flush(), undefined);
  }

  /** The initial index is complete: reports everything. */
  start(): void {
    this.indexed = true;
    this.markIndexed();
    this.everything();
  }

  /** Queues `uri`'s model for re-reporting, and `before`: files of the model it belonged to. */
  changed(uri: string, before: readonly string[] = []): void {
    this.changedUris.add(uri);
    for (const u of before) this.refresh.add(u);
    this.schedule();
  }

  /** Queues every file: how all of them are reported changed (a config file, the settings, the baseline). */
  everything(): void {
    this.everythingQueued = true;
    this.schedule();
  }

  /** textDocument/diagnostic: one file's report. */
  async document({ textDocument: { uri }, previousResultId }: DocumentDiagnosticParams): Promise<DocumentDiagnosticReport> {
    await this.whenIndexed;
    const report = this.reporting.report(uri);
    if (!report) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const { resultId } = report;
    if (previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: [...report.diagnostics] };
  }

  /** workspace/diagnostic: a report per indexed file, "unchanged" where the client has the current one. */
  async workspace({ previousResultIds }: WorkspaceDiagnosticParams): Promise<WorkspaceDiagnosticReport> {
    await this.whenIndexed;
    // By key: the client may spell a URI otherwise than the scan did.
    const previous = new Map(previousResultIds.map((p) => [keyOf(p.uri), p.value]));
    const items: WorkspaceDocumentDiagnosticReport[] = [];
    for (const uri of this.reporting.uris()) {
      const report = this.reporting.report(uri);
      if (!report) continue;
      const key = keyOf(uri);
      const version = this.files.openVersion(key) ?? null;
      const { resultId } = report;
      if (previous.get(key) === resultId) items.push({ kind: DocumentDiagnosticReportKind.Unchanged, uri, version, resultId });
      else items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version, resultId, items: [...report.diagnostics] });
    }
    for (const uri of this.dropped) if (!this.reporting.report(uri)) items.push({ kind: DocumentDiagnosticReportKind.Full, uri, version: null, items: [] });
    this.dropped.clear();
    return { items };
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.drain);
  }

  private flush(): void {
    this.scheduled = false;
    if (!this.indexed) return; // kept queued: start() reports everything
    const changed = new Set(this.refresh);
    for (const uri of this.changedUris) for (const member of [uri, ...this.reporting.affected(uri)]) changed.add(member);
    const sweep = this.everythingQueued ? this.reporting.uris().filter((uri) => !changed.has(uri)) : [];
    this.changedUris.clear();
    this.refresh.clear();
    this.everythingQueued = false;
    if (this.mode.kind === 'pull') {
      for (const uri of changed) if (!this.files.has(keyOf(uri))) this.dropped.add(uri);
      if (this.mode.refresh) void this.connection.languages.diagnostics.refresh();
      return;
    }
    for (const uri of changed) this.publish(uri, true);
    // A sweep (after a config or settings change) sends only what changed: most files are usually untouched.
    for (const uri of sweep) this.publish(uri, false);
  }

  private publish(uri: string, always: boolean): void {
    const report = this.reporting.report(uri);
    const version = this.files.openVersion(keyOf(uri));
    // A file the index no longer has (deleted, or closed outside the workspace) is cleared.
    const params = { uri, ...(version !== undefined ? { version } : {}), diagnostics: report ? [...report.diagnostics] : [] };
    const sent = JSON.stringify(params);
    if (!always && this.sent.get(uri) === sent) return;
    if (report) this.sent.set(uri, sent);
    else this.sent.delete(uri);
    void this.connection.sendDiagnostics(params);
  }
}
