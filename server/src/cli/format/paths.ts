import { relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A related location's file URI as a path relative to the folder the CLI ran in, like the report's paths. */
export function relativePath(pathOrUri: string): string {
  return pathOrUri.startsWith('file:') ? relative(process.cwd(), fileURLToPath(pathOrUri)) : pathOrUri;
}

/** Relative to the folder the CLI ran in (the repository root in CI), with forward slashes: what SARIF and GitHub expect. */
export function repoPath(pathOrUri: string): string {
  return relativePath(pathOrUri).split(sep).join('/');
}
