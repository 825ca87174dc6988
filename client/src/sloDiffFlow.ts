// What happens when the SLO diff lens or command runs, between the server's answer and what the user sees. Free of
// `vscode`: the editor is behind `SloDiffEditor`, so the flow is tested with a fake one (test/client/slo-diff.test.ts).

/** The server's command: its argument is a policy's URI; it answers `{ title, markdown }`, or `{ error }` (no git base...). */
export const SHOW_DIFF_COMMAND = 'safetySpecs.server.showDiff';

export interface SloDiff {
  readonly title: string;
  readonly markdown: string;
}

export interface SloDiffEditor {
  show(diff: SloDiff): Promise<void>;
  showError(message: string): void;
}

/** Runs SHOW_DIFF_COMMAND on the server with these arguments. */
export type RunOnServer = (args: unknown[]) => Promise<unknown>;

/** Asks the server for the diff of the policy at `uri` and shows it. Never throws: a failure is shown as an error. */
export async function showSloDiff(uri: string, run: RunOnServer, editor: SloDiffEditor): Promise<SloDiff | undefined> {
  try {
    const reply = await run([uri]);
    if (isRecord(reply) && typeof reply.error === 'string') {
      editor.showError(`Safety Specs: ${reply.error}`);
      return undefined;
    }
    if (!isRecord(reply) || typeof reply.title !== 'string' || typeof reply.markdown !== 'string') throw new Error('the language server sent no diff.');
    const diff = { title: reply.title, markdown: reply.markdown };
    await editor.show(diff);
    return diff;
  } catch (error) {
    editor.showError(`Safety Specs: the SLO diff failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
