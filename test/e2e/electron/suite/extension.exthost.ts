// The e2e scenarios inside a VS Code extension host, through the `vscode` API and the extension's own
// API (`ready()`, `isRunning()`). Run by test/e2e/electron/run.ts with @vscode/test-electron in a
// desktop VS Code; the scenarios and expectations are shared with the code-server suite
// (test/e2e/scenarios.ts). Not a `*.test.ts` file: the default mocha run must not load it (it needs `vscode`).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { SafetySpecsApi } from '../../../../client/src/extension';
import {
  DEMO_POLICY,
  DIAGNOSTIC_SOURCE,
  DRY_RUN_VIEW,
  EXTENSION_ID,
  FIX_LATENCY_BUDGET_MS,
  TENANT_POLICY,
  UNRELATED_YAML,
  cliFindings,
  completionScenario,
  crossFileScenario,
  hoverScenario,
  quickFixScenarios,
  runAllScenariosLens,
  sloNames,
  typingFixScenario,
  type CrossFileScenario,
  type ExpectedFinding,
} from '../../scenarios';

const SEVERITY: Record<ExpectedFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
}

function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** A file's path relative to the workspace folder, with `/`. */
function relativePath(uri: vscode.Uri): string {
  return path.relative(workspaceFolder().uri.fsPath, uri.fsPath).split(path.sep).join('/');
}

function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open');
  return folder;
}

/** Registers the suite; called once mocha's globals exist (see index.ts). */
export function registerTests(kind: 'examples' | 'unrelated'): void {
  if (kind === 'unrelated') registerUnrelated();
  else registerExamples();
}

function registerUnrelated(): void {
  describe('extension host: a folder with only unrelated YAML', function () {
    this.timeout(60_000);

    it('opening an unrelated YAML file does not activate the extension', async function () {
      const extension = vscode.extensions.getExtension<SafetySpecsApi>(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not installed`);
      const uri = vscode.Uri.joinPath(workspaceFolder().uri, 'service.yaml');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await sleep(3000);
      assert.equal(extension.isActive, false, `${EXTENSION_ID} was activated by an unrelated YAML file`);
      assert.deepEqual(ours(uri), []);
    });
  });
}

function registerExamples(): void {
  describe('extension host: the examples workspace', function () {
    this.timeout(60_000);

    let policy: vscode.Uri;
    let text: string;
    let expected: ExpectedFinding[];
    let editor: vscode.TextEditor;

    before(async function () {
      policy = vscode.Uri.joinPath(workspaceFolder().uri, DEMO_POLICY);
      text = readFileSync(policy.fsPath, 'utf8');
      expected = cliFindings(policy.fsPath);
      editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(policy));
    });

    // After a failed activation or server start, the feature tests are skipped: the first failure says why.
    let extensionUp = false;
    beforeEach(function () {
      if (!extensionUp && !this.currentTest?.title.startsWith('activates')) this.skip();
    });

    async function findings(count: number): Promise<vscode.Diagnostic[]> {
      return waitFor(() => (ours(policy).length === count ? ours(policy) : undefined), 20_000, `${count} diagnostics (have ${ours(policy).length})`);
    }

    async function revert(): Promise<void> {
      await vscode.window.showTextDocument(editor.document);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor(() => (editor.document.getText() === text ? true : undefined), 10_000, 'the file to be reverted');
      await findings(expected.length);
    }

    it('activates the extension (workspaceContains) and starts the language server', async function () {
      const extension = vscode.extensions.getExtension<SafetySpecsApi>(EXTENSION_ID);
      assert.ok(extension, `${EXTENSION_ID} is not installed`);
      // Not extension.activate(): that would hide a broken activation event.
      await waitFor(() => (extension.isActive ? true : undefined), 20_000, `${EXTENSION_ID} to activate`);
      const api = extension.exports;
      await api.ready();
      assert.equal(api.isRunning(), true, 'the language server is not running');
      extensionUp = true;
    });

    it('reports exactly the CLI\'s findings, with rule ids, at the right ranges', async function () {
      const got = (await findings(expected.length)).map(
        (d) => `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity} ${codeOf(d)} ${d.message}`,
      );
      const want = expected.map((f) => `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${SEVERITY[f.severity]} ${f.rule} ${f.message}`);
      assert.deepEqual(got.sort(), want.sort());
    });

    it('explains a target in words on hover', async function () {
      const scenario = hoverScenario(text);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        policy,
        new vscode.Position(scenario.at.line - 1, scenario.at.column - 1),
      );
      const said = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      for (const re of scenario.expect) assert.match(said, re);
    });

    it('completes the ladder actions after `action_on_breach: `', async function () {
      const scenario = completionScenario(text);
      const start = new vscode.Position(scenario.from.line - 1, scenario.from.column - 1);
      await editor.edit((e) => e.delete(new vscode.Range(start, start.translate(0, scenario.deleteLength))));
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', policy, start);
      const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      const missing = scenario.expect.filter((a) => !labels.includes(a));
      assert.deepEqual(missing, [], `completion offers: ${labels.join(', ')}`);
      await revert();
    });

    for (const index of [0, 1]) {
      it(`applies did-you-mean quick fix #${index + 1} and the finding disappears`, async function () {
        const scenario = quickFixScenarios(expected)[index];
        const at = new vscode.Position(scenario.at.line - 1, scenario.at.column - 1);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', policy, new vscode.Range(at, at));
        const action = actions.find((a) => a.title === scenario.title);
        assert.ok(action?.edit, `no "${scenario.title}" among: ${actions.map((a) => a.title).join(' | ')}`);
        assert.ok(await vscode.workspace.applyEdit(action.edit));
        assert.match(editor.document.lineAt(at.line).text, scenario.expectLine);
        const left = await findings(expected.length - 1);
        assert.ok(!left.some((d) => codeOf(d) === scenario.rule && d.range.start.line === at.line));
        await revert();
      });
    }

    it(`updates diagnostics within ${FIX_LATENCY_BUDGET_MS} ms of an edit that fixes a finding`, async function () {
      const scenario = typingFixScenario(text, expected);
      const start = new vscode.Position(scenario.selectFrom.line - 1, scenario.selectFrom.column - 1);
      const gone = new Promise<number>((resolve) => {
        const listener = vscode.languages.onDidChangeDiagnostics((e) => {
          if (e.uris.some((u) => u.toString() === policy.toString()) && !ours(policy).some((d) => codeOf(d) === scenario.rule)) {
            listener.dispose();
            resolve(Date.now());
          }
        });
      });
      const editedAt = Date.now();
      await editor.edit((e) => e.replace(new vscode.Range(start, start.translate(0, scenario.selectLength)), scenario.type));
      const latency = (await Promise.race([gone, sleep(10_000).then(() => Number.POSITIVE_INFINITY)])) - editedAt;
      assert.match(editor.document.lineAt(scenario.line - 1).text, scenario.expectLine);
      console.log(`      edit → diagnostics updated in ${latency} ms (budget ${FIX_LATENCY_BUDGET_MS} ms)`);
      assert.ok(latency < FIX_LATENCY_BUDGET_MS, `diagnostics took ${latency} ms`);
      await revert();
    });

    it('lists the SLOs in the outline', async function () {
      const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', policy);
      const slos = symbols.find((s) => s.name === 'slos');
      assert.ok(slos, `no "slos" symbol among ${symbols.map((s) => s.name).join(', ')}`);
      assert.deepEqual(slos.children.map((c) => c.name), sloNames(text));
    });

    it('shows the "Run all scenarios" code lens above the policy; running it shows the explanation beside it', async function () {
      const want = runAllScenariosLens(policy.fsPath);
      let titles: string[] = [];
      const lens = await waitFor(
        async () => {
          const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', policy, 100);
          titles = lenses.map((l) => l.command?.title ?? '(unresolved)');
          return lenses.find((l) => l.command?.title === want.title);
        },
        20_000,
        `a "${want.title}" code lens`,
      ).catch((error: Error) => {
        throw new Error(`${error.message}; the lenses: ${titles.join(' | ') || '(none)'}`);
      });
      assert.equal(lens.range.start.line, want.line - 1);
      await vscode.commands.executeCommand(lens.command!.command, ...(lens.command!.arguments ?? []));
      const view = vscode.workspace.textDocuments.find((d) => d.uri.scheme === DRY_RUN_VIEW.scheme);
      assert.ok(view, 'the explanation\'s document is not open');
      for (const name of want.scenarios) assert.ok(view.getText().includes(name), `the explanation does not name ${name}:\n${view.getText()}`);
      const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
      await waitFor(() => (tabs().some((t) => t.includes(DRY_RUN_VIEW.fileName)) ? true : undefined), 10_000, `a tab showing ${DRY_RUN_VIEW.fileName}`).catch((error: Error) => {
        throw new Error(`${error.message}; the tabs: ${tabs().join(', ')}`);
      });
    });

    it('gives the unrelated YAML file in the workspace no diagnostics', async function () {
      const uri = vscode.Uri.joinPath(workspaceFolder().uri, UNRELATED_YAML);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      await findings(expected.length);
      await sleep(2000);
      assert.deepEqual(ours(uri), []);
      assert.equal(path.basename(uri.fsPath), path.basename(UNRELATED_YAML));
    });

    // A second policy of the same model (tenants/acme.safety-slos.yaml): its deliberate
    // conflict/ineffective-override finding has related information in the base policy.
    describe('a cross-file conflict (a tenant policy of the same model)', function () {
      let scenario: CrossFileScenario;
      let tenant: vscode.Uri;

      before(function () {
        scenario = crossFileScenario(workspaceFolder().uri.fsPath);
        tenant = vscode.Uri.joinPath(workspaceFolder().uri, TENANT_POLICY);
      });

      /** A diagnostic or a CLI finding as one comparable line, related locations included (files relative to the workspace). */
      const describeDiagnostic = (d: vscode.Diagnostic) =>
        [
          `${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1} ${d.severity} ${codeOf(d)} ${d.message}`,
          ...(d.relatedInformation ?? []).map(
            (r) => `  related ${relativePath(r.location.uri)}:${r.location.range.start.line + 1}:${r.location.range.start.character + 1} ${r.message}`,
          ),
        ].join('\n');
      const describeFinding = (f: ExpectedFinding) =>
        [
          `${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${SEVERITY[f.severity]} ${f.rule} ${f.message}`,
          ...(f.related ?? []).map((r) => `  related ${r.path ?? TENANT_POLICY}:${r.line}:${r.column} ${r.message}`),
        ].join('\n');

      /** The tenant policy's diagnostics, once they are exactly `want` (as the CLI reports them). */
      async function tenantFindings(want: ExpectedFinding[], timeoutMs = 20_000): Promise<vscode.Diagnostic[]> {
        const wantText = want.map(describeFinding).sort().join('\n');
        let last = '';
        return waitFor(
          () => {
            const got = ours(tenant);
            last = got.map(describeDiagnostic).sort().join('\n');
            return last === wantText ? got : undefined;
          },
          timeoutMs,
          `the diagnostics of ${TENANT_POLICY} to be the CLI's:\n${wantText || '(none)'}`,
        ).catch((error: Error) => {
          throw new Error(`${error.message}\nthey are:\n${last || '(none)'}`);
        });
      }

      it('reports a second policy\'s findings as the CLI does for the workspace, the conflict\'s related information in the base policy', async function () {
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(tenant));
        const diagnostics = await tenantFindings(scenario.findings);
        const conflict = diagnostics.find((d) => codeOf(d) === scenario.conflict.rule && d.range.start.line === scenario.conflict.line - 1);
        assert.ok(conflict, `no ${scenario.conflict.rule} diagnostic`);
        const base = scenario.relatedFiles.map((f) => vscode.Uri.joinPath(workspaceFolder().uri, f).fsPath);
        assert.ok(
          conflict.relatedInformation?.some((r) => base.includes(r.location.uri.fsPath)),
          `no related information in ${base.join(', ')}: ${JSON.stringify(conflict.relatedInformation)}`,
        );
      });

      it('clears the conflict after an edit that makes the override effective; undo restores it', async function () {
        const { edit } = scenario;
        const tenantEditor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(tenant));
        await tenantFindings(scenario.findings);
        const start = new vscode.Position(edit.at.line - 1, edit.at.column - 1);
        assert.ok(await tenantEditor.edit((e) => e.replace(new vscode.Range(start, start.translate(0, edit.deleteLength)), edit.type)));
        assert.match(tenantEditor.document.lineAt(start.line).text, edit.expectLine);
        await tenantFindings(scenario.findingsAfterEdit);

        await vscode.window.showTextDocument(tenantEditor.document);
        await vscode.commands.executeCommand('undo');
        await waitFor(() => (edit.undoLine.test(tenantEditor.document.lineAt(start.line).text) ? true : undefined), 10_000, `undo to restore ${edit.undoLine}`);
        assert.equal(tenantEditor.document.getText(), scenario.text);
        await tenantFindings(scenario.findings);
      });
    });
  });
}
