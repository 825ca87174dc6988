import {
  CodeActionKind,
  createConnection,
  DocumentDiagnosticReportKind,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { uriPath } from './uri';
import { AnalysisCache } from './analysis-cache';
import { codeActions, completion, documentSymbols, foldingRanges, hover, isPolicyFileName, toDiagnostic } from '../engine';
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
  const cache = new AnalysisCache();
  let pullDiagnostics = false;

  const policy = (uri: string) => {
    const document = documents.get(uri);
    return document && isPolicyFileName(uriPath(uri)) ? document : undefined;
  };

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
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '"', '-'] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        ...(pullDiagnostics ? { diagnosticProvider: { identifier: 'safety-specs', interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      },
      serverInfo: { name: 'safety-specs-language-server', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    connection.console.info(`Safety Specs ${VERSION} started; diagnostics are ${pullDiagnostics ? 'pulled by the client' : 'pushed'}.`);
  });

  // Push mode: analyse the newest version once the queue of edits has drained, so a burst of
  // keystrokes costs one analysis, and publish with the version it was computed for.
  const pending = new Set<string>();
  const publish = (uri: string) => {
    if (pending.has(uri)) return;
    pending.add(uri);
    setImmediate(
      guarded(
        'diagnostics',
        () => {
          pending.delete(uri);
          const document = policy(uri);
          if (!document) return;
          const { findings } = cache.get(document);
          void connection.sendDiagnostics({ uri, version: document.version, diagnostics: findings.map(toDiagnostic) });
        },
        undefined,
      ),
    );
  };

  documents.onDidChangeContent(({ document }) => {
    if (!pullDiagnostics) publish(document.uri);
  });
  documents.onDidClose(({ document }) => {
    cache.forget(document.uri);
    if (!pullDiagnostics && isPolicyFileName(uriPath(document.uri))) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on(
    guarded(
      'pull diagnostics',
      (params) => {
        const document = policy(params.textDocument.uri);
        if (!document) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
        const resultId = cache.resultId(document);
        if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
        return { kind: DocumentDiagnosticReportKind.Full, resultId, items: cache.get(document).findings.map(toDiagnostic) };
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
        const document = policy(p.textDocument.uri);
        return document ? codeActions(cache.get(document), p.range) : [];
      },
      [],
    ),
  );

  function withFile<R>(uri: string, fn: (file: NonNullable<ReturnType<AnalysisCache['get']>['file']>) => R): R | undefined {
    const document = policy(uri);
    const file = document && cache.get(document).file;
    return file ? fn(file) : undefined;
  }

  documents.listen(connection);
  connection.listen();
  return connection;
}
