import { isScalar, isSeq } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { modelName, stringOf, type PolicyFile } from '../policy/parse';
import { isNeverEventSlo } from '../policy/semantics';
import { replayPlan } from '../replay/plan';
import { promSlo, type Evaluable } from './promql';

/** One model to export: its display name (its `model:`, or the path of its one file) and its policy files. */
export interface ExportModel {
  readonly name: string;
  readonly files: readonly PolicyFile[];
}

/** Where an SLO comes from, for per-SLO notes (`path:line:col: SLO x not exported: why`). */
interface SloSite {
  /** The SLO's label: its name, `name#2` for the second SLO of that name. */
  readonly slo: string;
  readonly model: string;
  readonly uri: string;
  /** The SLO's name in its policy. */
  readonly range: Range;
}

export interface Exported extends SloSite {
  /** What it became: the alert's name, or the OpenSLO SLO's `metadata.name`. */
  readonly as: string;
}

export interface Skipped extends SloSite {
  /** Why no exported document would decide as the replay decides: a clause after "not exported: ". */
  readonly reason: string;
}

export interface ExportResult {
  readonly text: string;
  readonly exported: readonly Exported[];
  readonly skipped: readonly Skipped[];
}

/** An SLO both exporters can say: read once, through the replay's plan, so export and replay share one reading. */
export interface ExportSlo {
  readonly planned: Evaluable;
  readonly site: SloSite;
  /** Its `model:`, when the policy names one. */
  readonly modelName?: string;
  readonly objective?: string;
  readonly neverEvent: boolean;
  /** Its `never_events:` list. */
  readonly neverEvents: readonly string[];
  /** The series it reads, its windowed aggregate and the breach condition over that, in PromQL. */
  readonly selector: string;
  readonly query: string;
  /** Its window, a duration (a rolling window is not exported). */
  readonly seconds: number;
  readonly breach: string;
}

/** Each SLO of the model, exportable or skipped with why; `unsaid` says why a format cannot say an SLO, if it cannot. */
export function exportSlos(model: ExportModel, unsaid: (slo: ExportSlo) => string | undefined): (ExportSlo | Skipped)[] {
  return replayPlan(model.files).slos.map((planned) => {
    const site: SloSite = { slo: planned.label, model: model.name, uri: planned.uri, range: planned.range };
    if (!planned.ok) return { ...site, reason: planned.problem };
    const prom = promSlo(planned);
    if (!prom.ok) return { ...site, reason: prom.reason };
    const { file, slo: view } = planned.source;
    const named = modelName(file);
    const objective = stringOf(view.fields.get('objective')?.value);
    const listed = view.fields.get('never_events')?.value;
    const neverEvents = isSeq(listed) ? listed.items.flatMap((i) => (isScalar(i) && i.value !== null ? [String(i.value)] : [])) : [];
    const slo: ExportSlo = {
      planned,
      site,
      ...(named ? { modelName: named } : {}),
      ...(objective ? { objective } : {}),
      neverEvent: isNeverEventSlo(view),
      neverEvents,
      selector: prom.selector,
      seconds: prom.seconds,
      query: prom.query,
      breach: prom.breach,
    };
    const reason = unsaid(slo);
    return reason === undefined ? slo : { ...site, reason };
  });
}

export function isSkipped(slo: ExportSlo | Skipped): slo is Skipped {
  return 'reason' in slo;
}

/** The comment lines at the top of an export: what it is, then each SLO not exported and why. */
export function header(intro: readonly string[], skipped: readonly Skipped[]): string {
  const lines = [...intro];
  if (skipped.length) {
    lines.push(`Not exported (${skipped.length}):`);
    for (const s of skipped) lines.push(`  ${s.model}: SLO ${s.slo}: ${s.reason}`);
  }
  // A line break in a name would end the comment and start YAML of the policy author's making.
  return lines.map((l) => `# ${l.replace(/[\r\n\u0085\u2028\u2029]/g, ' ')}`.trimEnd()).join('\n') + '\n';
}

/** `base`, or `base` with the first free suffix `-2`, `-3`... (`join` puts it on), recorded in `taken`. */
export function unique(base: string, taken: Set<string>, join: (base: string, n: number) => string): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = join(base, n);
  taken.add(name);
  return name;
}
