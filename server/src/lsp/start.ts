import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { uriPath } from './uri';
import { Workspace } from './workspace';
import { codeActions, completion, documentSymbols, foldingRanges, hover, isPolicyFileName, POLICY_FILE_GLOB, toDiagnostic, type Analysis } from '../engine';
import { VERSION } from '../version';

export function usage(): string {
  return [
    `safety-specs-language-server ${VERSION}`,
    '',
    'The Safety Specs language server for safety-slos.yaml policy files.',
    '',
    'Usage: safety-specs-language-server --stdio',
    '       (also --node-ipc, --socket=PORT, --pipe=NAME)',
    '',
  ].join('\n');
}

/** The thin LSP layer: routes protocol requests to the engine and pushes or serves diagnostics. */
export function startServer(): Connection {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const workspace = new Workspace(documents);
  let pullDiagnostics = false;
  let refreshSupport = false;
  let watchRegistration = false;
  let folders: string[] = [];

  /** The analysis of an open policy document (its own findings and its model's conflicts). */
  const analysisOf = (uri: string): Analysis | undefined => (documents.get(uri) ? workspace.analysis(uri)?.analysis : undefined);

  /** Requests must never take the server down: a failure is logged and answered with "nothing". */
  function guarded<P, R>(name: string, handler: (params: P) => R, fallback: R): (params: P) => R {
    return (params) => {
      try {
        return handler(params);
      } catch (e) {
        connection.console.error(`${name} failed: ${(e as Error).stack ?? String(e)}`);
        return fallback;
      }
    };
  }

  connection.onInitialize((params): InitializeResult => {
    pullDiagnostics = !!params.capabilities.textDocument?.diagnostic;
    refreshSupport = !!params.capabilities.workspace?.diagnostics?.refreshSupport;
    watchRegistration = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '"', '-'] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        // interFileDependencies: an edit to one policy can change another's diagnostics (conflicts).
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'safety-specs', interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'safety-specs-language-server', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    const found = workspace.scan(folders);
    connection.console.info(`Safety Specs ${VERSION} started; diagnostics are ${pullDiagnostics ? 'pulled by the client' : 'pushed'}; ${found} policy files in the workspace.`);
    if (watchRegistration) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: [{ globPattern: POLICY_FILE_GLOB }],
      });
    }
  });

  // A change to one file can change the diagnostics of every open file of its model (conflicts).
  // Changes are queued and drained once the burst of edits has arrived: a burst of keystrokes
  // costs one analysis of the newest version, published with the version it was computed for.
  const changedUris = new Set<string>();
  const refresh = new Set<string>();
  let scheduled = false;
  const drain = guarded(
    'diagnostics',
    () => {
      scheduled = false;
      for (const uri of changedUris) for (const member of workspace.openModelMembers(uri)) refresh.add(member);
      changedUris.clear();
      const uris = [...refresh];
      refresh.clear();
      if (pullDiagnostics) {
        if (refreshSupport) void connection.languages.diagnostics.refresh();
        return;
      }
      for (const uri of uris) {
        const document = documents.get(uri);
        const analysis = document && workspace.isPolicy(uri) ? analysisOf(uri) : undefined;
        if (analysis) void connection.sendDiagnostics({ uri, version: document!.version, diagnostics: analysis.findings.map(toDiagnostic) });
      }
    },
    undefined,
  );
  /** Queues `uri`'s model for re-publishing, and `before`: open files of the model it belonged to. */
  const changed = (uri: string, before: readonly string[] = []) => {
    changedUris.add(uri);
    for (const u of before) refresh.add(u);
    if (!scheduled) {
      scheduled = true;
      setImmediate(drain);
    }
  };

  documents.onDidOpen(({ document }) => workspace.opened(document.uri));
  documents.onDidChangeContent(({ document }) => {
    if (!isPolicyFileName(uriPath(document.uri))) return;
    // Members of the model it belonged to before this edit too: its `model:` may have changed.
    changed(document.uri, workspace.openModelMembers(document.uri, true));
  });
  documents.onDidClose(({ document }) => {
    if (!isPolicyFileName(uriPath(document.uri))) return;
    const before = workspace.openModelMembers(document.uri, true).filter((u) => u !== document.uri);
    workspace.closed(document.uri);
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
    changed(document.uri, before);
  });
  connection.onDidChangeWatchedFiles(
    guarded(
      'watched files',
      ({ changes }) => {
        for (const change of changes) {
          if (!isPolicyFileName(uriPath(change.uri))) continue;
          const before = workspace.openModelMembers(change.uri, true);
          if (change.type === FileChangeType.Deleted) workspace.unload(change.uri);
          else workspace.load(change.uri);
          changed(change.uri, before);
        }
      },
      undefined,
    ),
  );

  connection.languages.diagnostics.on(
    guarded(
      'pull diagnostics',
      (params) => {
        const uri = params.textDocument.uri;
        const result = documents.get(uri) ? workspace.analysis(uri) : undefined;
        if (!result) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
        const { analysis, resultId } = result;
        if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
        return { kind: DocumentDiagnosticReportKind.Full, resultId, items: analysis.findings.map(toDiagnostic) };
      },
      { kind: DocumentDiagnosticReportKind.Full, items: [] },
    ),
  );

  connection.onHover(guarded('hover', (p) => withFile(p.textDocument.uri, (file) => hover(file, p.position)) ?? null, null));
  connection.onCompletion(guarded('completion', (p) => withFile(p.textDocument.uri, (file) => completion(file, p.position)) ?? [], []));
  connection.onDocumentSymbol(guarded('symbols', (p) => withFile(p.textDocument.uri, documentSymbols) ?? [], []));
  connection.onFoldingRanges(guarded('folding', (p) => withFile(p.textDocument.uri, foldingRanges) ?? [], []));
  connection.onCodeAction(
    guarded(
      'code actions',
      (p) => {
        const analysis = analysisOf(p.textDocument.uri);
        return analysis ? codeActions(analysis, p.range) : [];
      },
      [],
    ),
  );

  function withFile<R>(uri: string, fn: (file: NonNullable<Analysis['file']>) => R): R | undefined {
    const file = analysisOf(uri)?.file;
    return file ? fn(file) : undefined;
  }

  documents.listen(connection);
  connection.listen();
  return connection;
}
