import { ResponseError, type Connection } from 'vscode-languageserver/node';

/**
 * Handlers must never take the server down: a failure (thrown, or a rejected promise) is logged
 * and answered with `fallback`. With `answerErrors`, a ResponseError the handler throws on purpose
 * (a rename refused, with the reason) goes to the client as the answer instead.
 */
export function guarded<P, R>(connection: Connection, name: string, handler: (params: P) => R, fallback: Awaited<R>, answerErrors = false): (params: P) => R | Awaited<R> {
  const fail = (e: unknown): Awaited<R> => {
    if (answerErrors && e instanceof ResponseError) throw e;
    connection.console.error(`${name} failed: ${(e as Error).stack ?? String(e)}`);
    return fallback;
  };
  return (params) => {
    try {
      const result = handler(params);
      return result instanceof Promise ? (result.catch(fail) as R) : result;
    } catch (e) {
      return fail(e);
    }
  };
}
