import * as vscode from 'vscode';

/** The scheme of the read-only document that holds the last dry run's explanation. */
export const DRY_RUN_SCHEME = 'safety-specs-dry-run';
/** Its file name: the Markdown preview's tab says "[Preview] Safety Specs.md" (it shows dry runs and SLO diffs). */
const FILE_NAME = 'Safety Specs.md';

/**
 * The last dry run's explanation, in the built-in Markdown preview beside the policy. One view, like a hover:
 * each run replaces its content, and an open preview updates in place instead of opening another.
 */
export class DryRunView implements vscode.TextDocumentContentProvider, vscode.Disposable {
  readonly uri = vscode.Uri.from({ scheme: DRY_RUN_SCHEME, path: `/${FILE_NAME}` });
  private markdown = '';
  private readonly changes = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changes.event;
  private readonly registration = vscode.workspace.registerTextDocumentContentProvider(DRY_RUN_SCHEME, this);

  provideTextDocumentContent(uri: vscode.Uri): string {
    return uri.toString() === this.uri.toString() ? this.markdown : '';
  }

  async show(markdown: string): Promise<void> {
    this.markdown = markdown;
    // An open document reloads on the change; one VS Code has let go of since reloads on opening. The preview
    // refreshes on either.
    this.changes.fire(this.uri);
    const document = await vscode.workspace.openTextDocument(this.uri);
    const tabs = this.tabs();
    if (tabs.some((tab) => tab.isActive)) return;
    // Opening the preview to the side again would add a second one: a hidden one goes first.
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
    const editor = vscode.window.activeTextEditor;
    // Locked: it keeps showing the explanation when the user opens a model card or another Markdown file.
    const previewed = await vscode.commands.executeCommand('markdown.showLockedPreviewToSide', this.uri).then(() => true, () => false);
    if (!previewed) {
      // No Markdown preview (the built-in extension is disabled): the Markdown itself.
      await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true });
    } else if (editor) {
      // The preview takes the focus; the user goes on with the policy (and its other lenses).
      await vscode.window.showTextDocument(editor.document, editor.viewColumn);
    }
  }

  /** The tabs showing the explanation: its preview, or the document itself. */
  private tabs(): vscode.Tab[] {
    return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter(({ input, label }) =>
      input instanceof vscode.TabInputText
        ? input.uri.toString() === this.uri.toString()
        : input instanceof vscode.TabInputWebview && input.viewType.endsWith('markdown.preview') && label.includes(FILE_NAME),
    );
  }

  dispose(): void {
    this.registration.dispose();
    this.changes.dispose();
  }
}
