import { isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import { mapView, stringOf, type Field, type MapView, type PolicyFile } from '../policy/parse';

/** What a gate does when an SLO it reads has no value: fail closed (the default) or leave that SLO out. */
export type OnMissingData = 'block' | 'ignore';

/** Requirements a gate can have beyond its SLOs. */
export const REQUIREMENTS = ['slo_diff_green', 'deliberation_note'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];

/** A name as written, with the scalar it came from (for locations and fixes). */
export interface NameRef {
  readonly name: string;
  readonly node: Scalar;
}

export interface GateView extends MapView {
  readonly file: PolicyFile;
  readonly index: number;
  readonly name?: NameRef;
  /** `all` (or `slos:` left out): every SLO of the model. */
  readonly slos: { readonly kind: 'all' } | { readonly kind: 'list'; readonly names: readonly NameRef[] };
  readonly require: readonly NameRef[];
  readonly onMissingData: OnMissingData;
}

/** One `{ at: 65m, decision: degrade_to_safe_mode }` of a scenario's `expect`, or a list item that is no map. */
export type ExpectAt =
  | (MapView & {
      readonly kind: 'map';
      /** `at:`: the time from the start of the series, as written. */
      readonly at?: Field;
      /** `decision:` when it is a name. */
      readonly decision?: NameRef;
    })
  | { readonly kind: 'other'; readonly node: Node | null };

/**
 * `expect:` is a decision name (`expect`), or a timed expect or a list of them (`expects`), never both. A value that
 * is neither (a number) leaves both out.
 */
export type ScenarioExpect = { readonly expect?: NameRef; readonly expects?: undefined } | { readonly expect?: undefined; readonly expects: readonly ExpectAt[] };

export type ScenarioView = MapView &
  ScenarioExpect & {
    readonly file: PolicyFile;
    readonly index: number;
    readonly name?: NameRef;
    /** The `metrics:` field: a map of metric key to value, or to a series in expanding notation. */
    readonly metrics?: Field;
    /** The gate whose SLOs and missing-data policy the scenario runs; without one, every SLO, missing data ignored. */
    readonly gate?: NameRef;
    /** `step:`: the time between two samples of a series. */
    readonly step?: Field;
  };

const gateMemo = new WeakMap<PolicyFile, readonly GateView[]>();
const scenarioMemo = new WeakMap<PolicyFile, readonly ScenarioView[]>();

export function gateViews(file: PolicyFile): readonly GateView[] {
  let views = gateMemo.get(file);
  if (!views) gateMemo.set(file, (views = items(file, 'gates').map(({ node, index }) => gateView(file, node, index))));
  return views;
}

export function scenarioViews(file: PolicyFile): readonly ScenarioView[] {
  let views = scenarioMemo.get(file);
  if (!views) scenarioMemo.set(file, (views = items(file, 'scenarios').map(({ node, index }) => scenarioView(file, node, index))));
  return views;
}

function items(file: PolicyFile, key: string): { node: YAMLMap; index: number }[] {
  const seq = file.root?.fields.get(key)?.value;
  if (!isSeq(seq)) return [];
  return seq.items.flatMap((node, index) => (isMap(node) ? [{ node, index }] : []));
}

function gateView(file: PolicyFile, node: YAMLMap, index: number): GateView {
  const view = mapView(node);
  const slosNode = view.fields.get('slos')?.value;
  const listed = isSeq(slosNode) ? nameRefs(slosNode.items) : undefined;
  return {
    ...view,
    file,
    index,
    name: nameRef(view.fields.get('name')?.value),
    slos: listed ? { kind: 'list', names: listed } : { kind: 'all' },
    require: (() => {
      const req = view.fields.get('require')?.value;
      return isSeq(req) ? nameRefs(req.items) : [];
    })(),
    onMissingData: stringOf(view.fields.get('on_missing_data')?.value) === 'ignore' ? 'ignore' : 'block',
  };
}

function scenarioView(file: PolicyFile, node: YAMLMap, index: number): ScenarioView {
  const view = mapView(node);
  return {
    ...view,
    file,
    index,
    name: nameRef(view.fields.get('name')?.value),
    metrics: view.fields.get('metrics'),
    ...scenarioExpect(view.fields.get('expect')?.value),
    gate: nameRef(view.fields.get('gate')?.value),
    step: view.fields.get('step'),
  };
}

function scenarioExpect(node: Node | null | undefined): ScenarioExpect {
  if (isMap(node)) return { expects: [expectAt(node)] };
  if (isSeq(node)) return { expects: node.items.map((item) => expectAt(item as Node | null)) };
  return { expect: nameRef(node) };
}

function expectAt(node: Node | null): ExpectAt {
  if (!isMap(node)) return { kind: 'other', node };
  const view = mapView(node);
  return { ...view, kind: 'map', at: view.fields.get('at'), decision: nameRef(view.fields.get('decision')?.value) };
}

function nameRef(node: Node | null | undefined): NameRef | undefined {
  return isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '' ? { name: node.value, node } : undefined;
}

function nameRefs(nodes: readonly unknown[]): NameRef[] {
  return nodes.flatMap((n) => {
    const ref = nameRef(n as Node);
    return ref ? [ref] : [];
  });
}
