/** The path part of a document URI (file:, untitled:, or any other scheme), decoded. */
export function uriPath(uri: string): string {
  try {
    return decodeURIComponent(new URL(uri).pathname);
  } catch {
    return uri;
  }
}
