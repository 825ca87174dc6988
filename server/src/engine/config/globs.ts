import { isAbsolute, relative, sep } from 'node:path';
import picomatch from 'picomatch';

/** Patterns the schema rejects (config/invalid): empty ones, and negations, which picomatch reads as "all but". */
export function isGlob(pattern: string): boolean {
  return pattern.length > 0 && !pattern.startsWith('!');
}

type Matcher = (path: string, segments: readonly string[]) => boolean;

/** Compiled once per pattern list: a layer's lists live as long as the parsed config does. */
const compiled = new WeakMap<readonly string[], readonly Matcher[]>();

/**
 * Whether `filePath` matches one of `patterns`, which are relative to `folder` (picomatch, `dot: true`):
 * - a pattern without a `/` matches a file or folder name at any depth, like .gitignore
 *   (`*.draft.safety-slos.yaml`, `vendor`);
 * - a pattern with a `/` matches the path from `folder` (`legacy/**`); a leading `/` only anchors it,
 *   a trailing `/` stands for the folder's contents (`vendor/` is `vendor/**`).
 * A file outside `folder` matches nothing.
 */
export function matchesAny(patterns: readonly string[], folder: string, filePath: string): boolean {
  if (patterns.length === 0) return false;
  const path = relative(folder, filePath);
  if (path === '' || isAbsolute(path) || path === '..' || path.startsWith(`..${sep}`)) return false;
  const segments = path.split(sep);
  let matchers = compiled.get(patterns);
  if (!matchers) {
    matchers = patterns.filter(isGlob).map(compile);
    compiled.set(patterns, matchers);
  }
  return matchers.some((matches) => matches(segments.join('/'), segments));
}

function compile(pattern: string): Matcher {
  const isMatch = picomatch(pattern.replace(/\/$/, '/**').replace(/^\//, ''), { dot: true });
  if (pattern.includes('/')) return (path) => isMatch(path);
  return (_, segments) => segments.some((segment) => isMatch(segment));
}
