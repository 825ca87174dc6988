import { fileURLToPath } from 'node:url';
import {
  CodeActionKind,
  createConnection,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  DocumentDiagnosticReportKind,
  FileChangeType,
  ProposedFeatures,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  type CancellationToken,
  type Connection,
  type ExecuteCommandParams,
  type InitializeResult,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  codeActions,
  completion,
  DEFAULT_MAX_WORDS,
  definition,
  documentSymbols,
  foldingRanges,
  hover,
  isPolicyFileName,
  markdownCompletion,
  markdownHover,
  markdownLinks,
  markdownSymbols,
  mayBeMarkdownSpec,
  POLICY_FILE_GLOB,
  prepareRename,
  references,
  rename,
  type MarkdownSpec,
  type ModelFolder,
  type PolicyFile,
} from '../engine';
import { CONFIG_FILE_NAME, configCompletion, configHover, isConfigFileName } from '../engine/config';
import { VERSION } from '../version';
import { newSpecFile, SERVER_COMMANDS } from './commands';
import { Diffs } from './diffs';
import { DryRuns } from './dry-runs';
import { Files, keyOf } from './files';
import { guarded } from './guard';
import { indexWorkspace } from './indexing';
import { Publisher } from './publisher';
import { Replays } from './replays';
import { Reporting } from './reporting';
import { inWorkspace } from './scan';
import { SETTINGS_SECTION, SettingsSync } from './settings-sync';

/** Config files, watched like policy files: a change to one changes how the files below it are reported. */
const CONFIG_FILE_GLOB = `**/${CONFIG_FILE_NAME}`;
/** Every Markdown file: a card may be named anything by a policy's `model_card:`; the index keeps only specs. */
const MARKDOWN_GLOB = '**/*.md';

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

/** The thin LSP layer: routes protocol requests and file events to the index and the engine. */
export function startServer(): Connection {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  let folders: string[] = [];
  /** The files the index holds from disk: policy, config and Markdown files (cards, notes, READMEs) the scan finds. */
  const indexed = (path: string) => (isPolicyFileName(path) || isConfigFileName(path) || mayBeMarkdownSpec(path)) && inWorkspace(path, folders);
  const files = new Files(documents, indexed);
  const reporting = new Reporting(files, () => folders);
  const { workspace, configs } = reporting;
  let publisher!: Publisher;
  let settings!: SettingsSync;
  let dryRuns!: DryRuns;
  let diffs!: Diffs;
  let replays!: Replays;
  let capabilities = { pull: false, progress: false, watch: false, configurationChanges: false, createFiles: false };
  const guard = <P, R>(name: string, handler: (params: P) => R, fallback: Awaited<R>, answerErrors = false) => guarded(connection, name, handler, fallback, answerErrors);

  connection.onInitialize((params): InitializeResult => {
    const client = params.capabilities;
    const pull = !!client.textDocument?.diagnostic;
    capabilities = {
      pull,
      progress: !!client.window?.workDoneProgress,
      watch: !!client.workspace?.didChangeWatchedFiles?.dynamicRegistration,
      configurationChanges: !!client.workspace?.didChangeConfiguration?.dynamicRegistration,
      // Fixes that create a file (a missing model card) need documentChanges with a create operation.
      createFiles: !!client.workspace?.workspaceEdit?.documentChanges && !!client.workspace.workspaceEdit.resourceOperations?.includes('create'),
    };
    const uris = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    folders = uris.filter((uri) => uri.startsWith('file:')).map((uri) => fileURLToPath(uri));
    // Other editors do not say; only VS Code's restricted mode is untrusted.
    const trusted = (params.initializationOptions as { trusted?: unknown } | undefined)?.trusted !== false;
    publisher = new Publisher(connection, pull ? { kind: 'pull', refresh: !!client.workspace?.diagnostics?.refreshSupport } : { kind: 'push' }, files, reporting);
    const watch = { watch: capabilities.watch, relativePatterns: !!client.workspace?.didChangeWatchedFiles?.relativePatternSupport };
    settings = new SettingsSync(connection, { pull: !!client.workspace?.configuration, ...watch }, () => ({ folders, trusted }), reporting, () => {
      publisher.everything();
      dryRuns.refresh();
      diffs.settingsChanged();
    });
    diffs = new Diffs(connection, watch, files, reporting, () => ({ folders, trusted }), async () => (await settings.latest()).diffBase, () => {
      publisher.everything();
      dryRuns.refresh();
    });
    reporting.useDiffs(diffs);
    dryRuns = new DryRuns(
      connection,
      { refresh: !!client.workspace?.codeLens?.refreshSupport, ...watch },
      files,
      reporting,
      () => ({ folders, trusted }),
      async () => (await settings.latest()).dryRunMetrics,
      diffs,
    );
    replays = new Replays(connection, !!client.workspace?.configuration, reporting, () => ({ folders, trusted }), () => settings.latest());
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' ', '"', '-'] },
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        documentLinkProvider: { resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        executeCommandProvider: { commands: Object.values(SERVER_COMMANDS) },
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite] },
        // interFileDependencies: an edit to one policy can change another's diagnostics (conflicts).
        ...(pull ? { diagnosticProvider: { identifier: 'safety-specs', interFileDependencies: true, workspaceDiagnostics: true } } : {}),
      },
      serverInfo: { name: 'safety-specs-language-server', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    connection.console.info(`Safety Specs ${VERSION} started; diagnostics are ${capabilities.pull ? 'pulled by the client' : 'pushed'}.`);
    if (capabilities.watch) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: POLICY_FILE_GLOB }, { globPattern: CONFIG_FILE_GLOB }, { globPattern: MARKDOWN_GLOB }] });
    }
    if (capabilities.configurationChanges) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    const readSettings = guard('settings', () => settings.pull(), undefined);
    const index = guard('indexing', () => indexWorkspace(connection, folders, files, workspace, capabilities.progress), undefined);
    // Whatever fails on the way, diagnostics start: with default settings, or the files read so far.
    void (async () => {
      await readSettings(undefined);
      await index(undefined);
      publisher.start();
      dryRuns.start();
      diffs.start();
      replays.start();
    })();
  });

  connection.onDidChangeConfiguration(guard('settings', ({ settings: pushed }) => settings.pull(pushed), undefined));

  documents.onDidOpen(({ document }) => files.opened(document.uri));
  documents.onDidChangeContent(({ document }) => fileChanged(document.uri));
  documents.onDidClose(({ document }) => fileChanged(document.uri, () => files.closed(document.uri)));
  connection.onDidChangeWatchedFiles(
    guard(
      'watched files',
      ({ changes }) => {
        for (const { uri, type } of changes) {
          const key = keyOf(uri);
          configs.invalidate(key);
          if (settings.namesFile(key)) settings.apply();
          if (indexed(key) || files.has(key)) fileChanged(uri, () => (type === FileChangeType.Deleted ? files.unload(uri) : files.load(uri)));
          else {
            dryRuns.fileChanged(key);
            diffs.fileChanged(key);
          }
        }
      },
      undefined,
    ),
  );

  /** A policy, config or Markdown file changed (`update` applies the change to the index): queues what it affects. */
  function fileChanged(uri: string, update?: () => void): void {
    const key = keyOf(uri);
    // The files it was reported with before too: its `model:` may have changed, or it may be gone.
    const before = isPolicyFileName(key) ? [...workspace.modelMembers(uri, true), ...reporting.modelFolders.members(key)] : reporting.modelFolders.members(key);
    update?.();
    if (isConfigFileName(key)) {
      reporting.changed();
      publisher.everything();
      publisher.changed(uri);
    } else {
      if (isPolicyFileName(key)) workspace.forget(uri);
      publisher.changed(uri, before);
    }
    dryRuns.fileChanged(key);
    diffs.fileChanged(key);
  }

  const runCommand = guard(
    'commands',
    ({ command, arguments: args, token, workDone }: ExecuteCommandParams & { token: CancellationToken; workDone: WorkDoneProgressReporter }) => {
      if (command === SERVER_COMMANDS.explain) return dryRuns.explain(args?.[0]);
      if (command === SERVER_COMMANDS.showDiff) return diffs.show(args?.[0]);
      // Long: streamed with progress, and cancelled by the request's token or the progress's.
      if (command === SERVER_COMMANDS.replay) return replays.replay(args?.[0], token, workDone);
      if (command === SERVER_COMMANDS.replaySlos) return replays.sweepable(args?.[0]);
      return newSpecFile(connection, files, reporting.modelFolders, command, args ?? []);
    },
    { error: 'The command failed: see the Safety Specs output.' },
  );
  connection.onExecuteCommand((params, token, workDone) => runCommand({ ...params, token, workDone }));
  connection.onCodeLens(
    guard(
      'code lenses',
      async ({ textDocument: { uri } }) => {
        const lenses = await dryRuns.lenses(uri);
        // At the top: the SLO diff, the dry run's, then the replay.
        return [diffs.lens(uri), ...lenses, replays.lens(uri)].filter((lens) => lens !== undefined);
      },
      [],
    ),
  );

  connection.languages.diagnostics.on(guard('pull diagnostics', (params) => publisher.document(params), { kind: DocumentDiagnosticReportKind.Full, items: [] }));
  connection.languages.diagnostics.onWorkspace(guard('workspace diagnostics', (params) => publisher.workspace(params), { items: [] }));

  connection.onHover(
    guard(
      'hover',
      ({ textDocument: { uri }, position }) =>
        (isConfigFileName(keyOf(uri))
          ? withConfig(uri, (doc) => configHover(doc, position))
          : (withPolicy(uri, (file) => hover(file, position)) ?? withMarkdown(uri, (spec, folder) => markdownHover(spec, position, folder)))) ?? null,
      null,
    ),
  );
  connection.onCompletion(
    guard(
      'completion',
      ({ textDocument: { uri }, position }) =>
        (isConfigFileName(keyOf(uri))
          ? withConfig(uri, (doc) => configCompletion(doc, position))
          : (withPolicy(uri, (file) => completion(file, position, workspace.modelFiles(uri))) ?? withMarkdown(uri, (spec, folder) => markdownCompletion(spec, position, folder)))) ?? [],
      [],
    ),
  );
  connection.onDocumentSymbol(guard('symbols', (p) => withPolicy(p.textDocument.uri, documentSymbols) ?? withMarkdown(p.textDocument.uri, markdownSymbols) ?? [], []));
  connection.onFoldingRanges(guard('folding', (p) => withPolicy(p.textDocument.uri, foldingRanges) ?? [], []));
  connection.onDocumentLinks(guard('links', (p) => withMarkdown(p.textDocument.uri, markdownLinks) ?? [], []));
  connection.onDefinition(guard('definition', ({ textDocument: { uri }, position }) => withFolder(uri, (folder) => definition(folder, uri, position)) ?? [], []));
  connection.onReferences(
    guard('references', ({ textDocument: { uri }, position, context }) => withFolder(uri, (folder) => references(folder, uri, position, context.includeDeclaration)) ?? [], []),
  );
  connection.onPrepareRename(
    guard(
      'rename',
      ({ textDocument: { uri }, position }) => {
        const target = withFolder(uri, (folder) => prepareRename(folder, uri, position));
        if (target && 'error' in target) throw new ResponseError(ErrorCodes.InvalidRequest, target.error);
        return target ?? null;
      },
      null,
      true,
    ),
  );
  connection.onRenameRequest(
    guard(
      'rename',
      ({ textDocument: { uri }, position, newName }) => {
        const result = withFolder(uri, (folder) => rename(folder, uri, position, newName));
        if (result && 'error' in result) throw new ResponseError(ErrorCodes.InvalidRequest, result.error);
        return result?.edit ?? null;
      },
      null,
      true,
    ),
  );
  connection.onCodeAction(
    guard(
      'code actions',
      (p) => {
        // The findings as shown (settled), so a rule turned off offers no fixes.
        const analysis = documents.get(p.textDocument.uri) && reporting.report(p.textDocument.uri)?.analysis;
        return analysis ? codeActions(p.textDocument.uri, analysis, p.range, { createFiles: capabilities.createFiles }) : [];
      },
      [],
    ),
  );

  /** Features for open policy documents only. */
  function withPolicy<R>(uri: string, fn: (file: PolicyFile) => R): R | undefined {
    const file = documents.get(uri) && workspace.analysis(uri)?.analysis.file;
    return file ? fn(file) : undefined;
  }

  /** Features for open model cards and deliberation notes (not plain READMEs), with their model folder when there is one. */
  function withMarkdown<R>(uri: string, fn: (spec: MarkdownSpec, folder: ModelFolder | undefined) => R): R | undefined {
    const key = keyOf(uri);
    const indexed = documents.get(uri) && reporting.modelFolders.markdown(key, DEFAULT_MAX_WORDS);
    return indexed ? fn(indexed.spec, reporting.modelFolders.folderOf(key)) : undefined;
  }

  /** Navigation across a model folder's files, from any of them that is open. */
  function withFolder<R>(uri: string, fn: (folder: ModelFolder) => R): R | undefined {
    const folder = documents.get(uri) && reporting.modelFolders.folderOf(keyOf(uri));
    return folder ? fn(folder) : undefined;
  }

  function withConfig<R>(uri: string, fn: (document: TextDocument) => R): R | undefined {
    const document = documents.get(uri);
    return document ? fn(document) : undefined;
  }

  documents.listen(connection);
  connection.listen();
  return connection;
}
