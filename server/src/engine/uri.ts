/** The file name a URI ends with, decoded (`file:///w/my%20model/safety-slos.yaml` -> `safety-slos.yaml`): how messages name a file. */
export function uriFileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}
