// What happens when a dry-run code lens is clicked, between the server's answer and what the user sees. Free of
// `vscode`: the editor is behind `DryRunEditor`, so the flow is tested with a fake one (test/client/dry-run.test.ts).

/**
 * The server's dry-run command. Its code lenses run it with one argument, `{ uri, kind, name?, value? }`
 * (`kind`: slo, gate, scenario or scenarios; `value`: a number to evaluate the SLO against), and it answers
 * `{ title, markdown, needsValue? }`.
 */
export const EXPLAIN_COMMAND = 'safetySpecs.server.explain';

export interface Explanation {
  readonly title: string;
  readonly markdown: string;
  /** The server had no value for the SLO (no snapshot loaded and none given): the "Dry run..." lens. */
  readonly needsValue: boolean;
}

/** How the user gives an SLO its value when there is none. */
export type ValueSource = 'value' | 'snapshot';

/** What the flow asks of the editor. Undefined or false answers mean the user cancelled. */
export interface DryRunEditor {
  chooseValueSource(slo: string): Promise<ValueSource | undefined>;
  /** A finite number, typed by the user. */
  askValue(slo: string): Promise<number | undefined>;
  /** Lets the user pick a snapshot file and makes it the one dry runs read; `policyUri` is where to start looking. */
  chooseSnapshot(policyUri: string | undefined): Promise<boolean>;
  show(explanation: Explanation): Promise<void>;
  showError(message: string): void;
}

/** Runs EXPLAIN_COMMAND on the server with these arguments. */
export type RunOnServer = (args: unknown[]) => Promise<unknown>;

/**
 * Runs a dry run on the server and shows its explanation. When the server needs a value for an SLO, the user
 * gives one (the SLO runs again with it) or picks a snapshot file (it runs again against that); cancelling shows
 * nothing. Never throws: a failure is shown as an error. Returns the explanation shown.
 */
export async function explain(args: readonly unknown[], run: RunOnServer, editor: DryRunEditor): Promise<Explanation | undefined> {
  try {
    const first = explanationOf(await run([...args]));
    const slo = first.needsValue ? sloWithoutValue(args) : undefined;
    const shown = slo ? await runWithValue(slo, args, run, editor) : first;
    if (shown) await editor.show(shown);
    return shown;
  } catch (error) {
    editor.showError(`Safety Specs: the dry run failed: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

interface SloTarget {
  readonly request: Record<string, unknown>;
  readonly name: string;
  readonly uri: string | undefined;
}

/** The SLO a request names, if it asks for one without giving its value. */
function sloWithoutValue([request]: readonly unknown[]): SloTarget | undefined {
  if (!isRecord(request) || request.kind !== 'slo' || request.value !== undefined) return undefined;
  return {
    request,
    name: typeof request.name === 'string' ? request.name : 'this SLO',
    uri: typeof request.uri === 'string' ? request.uri : undefined,
  };
}

async function runWithValue(slo: SloTarget, args: readonly unknown[], run: RunOnServer, editor: DryRunEditor): Promise<Explanation | undefined> {
  switch (await editor.chooseValueSource(slo.name)) {
    case 'value': {
      const value = await editor.askValue(slo.name);
      return value === undefined ? undefined : explanationOf(await run([{ ...slo.request, value }, ...args.slice(1)]));
    }
    case 'snapshot':
      // The server reads the snapshot setting before it answers; if it still has no value, its answer says why.
      return (await editor.chooseSnapshot(slo.uri)) ? explanationOf(await run([...args])) : undefined;
    case undefined:
      return undefined;
  }
}

function explanationOf(reply: unknown): Explanation {
  if (!isRecord(reply) || typeof reply.title !== 'string' || typeof reply.markdown !== 'string') {
    throw new Error('the language server sent no explanation.');
  }
  return { title: reply.title, markdown: reply.markdown, needsValue: reply.needsValue === true };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
