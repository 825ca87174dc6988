// What the user types or picks for a dry run, checked and turned into what the server reads. Free of `vscode`.
import * as path from 'node:path';

/** The setting that names a metrics snapshot for dry runs (in the `safetySpecs` section). */
export const METRICS_SETTING = 'dryRun.metrics';

// Decimal notation only: `Number()` would also take "", "0x10" and "Infinity".
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** A value typed for an SLO: a finite decimal number ("0.93", "-2", "1e-3"), or undefined. */
export function parseMetricValue(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DECIMAL.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

/** The input box's validation message for a typed value, or undefined when it is a usable number. */
export function metricValueProblem(text: string): string | undefined {
  return parseMetricValue(text) === undefined ? 'Enter a finite number, e.g. 0.93.' : undefined;
}

/**
 * The snapshot file as the setting records it: relative to the first workspace folder (where the server resolves
 * the `safetySpecs.*` paths, so the setting can be committed), with `/`; absolute when it lies outside that folder.
 */
export function snapshotSettingPath(file: string, firstFolder: string): string {
  const relative = path.relative(firstFolder, file);
  const outside = relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
  if (!relative || outside) return file;
  return relative.split(path.sep).join('/');
}
