import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver-types';
import { analyze } from './analyze';
import { settle } from './reporting/settle';
import { RULE_METAS } from './rules/catalog';
import { applyFix, doc, findingsFor, policy, slo } from './testing';

/** A valid policy that uses most of the format: comments, quoting styles, flow and block collections, actions. */
const SAMPLE = `# Safety SLOs for the claims-triage model.
version: 1
model: claims-triage

actions:
  notify_trust_and_safety:
    severity: page
    description: "Page the trust-and-safety on-call."

slos:
  - name: ood_recall_7d
    objective: "Detect distribution shift before harm."
    target: ">= 0.90"   # weekly labelled sample
    window: 7d
    action_on_breach: degrade_to_safe_mode
    owner: ml-safety@claims
  - name: decision_ece_p95_24h
    objective: 'Keep calibration error low on high-impact endpoints.'
    target: '<= 0.05'
    window: "24h"
    action_on_breach: route_to_human_review
    scope: { endpoint: claims, tenant: [acme, globex] }
    severity: high
  - name: appeal_overturn_rate_28d
    metric: appeal_overturn_rate
    objective: >-
      Few denials are overturned on appeal
    target: "<= 2%"
    window: 1h30m
    action_on_breach: notify_trust_and_safety
  - name: never_event_violations
    objective: "Zero violations of policy-defined never events."
    target: "== 0"
    window: rolling
    action_on_breach: kill_switch
    never_events:
      - unreviewed_denial_over_10k
`;

function lineLength(document: TextDocument, line: number): number {
  return document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } }).replace(/\r?\n$|\r$/, '').length;
}

function assertPositionInside(document: TextDocument, p: Position, what: string): void {
  assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.character >= 0, `${what}: ${JSON.stringify(p)}`);
  assert.ok(p.line < document.lineCount, `${what}: line ${p.line} of ${document.lineCount}`);
  assert.ok(p.character <= lineLength(document, p.line), `${what}: character ${p.character} past the end of line ${p.line}`);
}

function assertRangeInside(document: TextDocument, r: Range, what: string): void {
  assertPositionInside(document, r.start, what);
  assertPositionInside(document, r.end, what);
  assert.ok(document.offsetAt(r.start) <= document.offsetAt(r.end), `${what}: range ends before it starts`);
}

/** analyze() must not throw, and every range it returns (findings, related, fixes) lies within the document. */
function checkAnalysis(text: string): void {
  const document = doc(text);
  const { findings } = analyze(document);
  for (const f of findings) {
    assert.ok(!f.message.startsWith('Internal error'), f.message);
    assert.ok(f.message.length > 0);
    assertRangeInside(document, f.range, f.rule);
    for (const r of f.related ?? []) assertRangeInside(document, r.range, `${f.rule} related`);
    for (const fix of f.fixes ?? []) for (const e of fix.edits) assertRangeInside(document, e.range, `${f.rule} fix`);
  }
}

type Mutation = readonly ['delete-char' | 'insert-char' | 'duplicate-char' | 'delete-line' | 'insert-line' | 'duplicate-line', number, string];

function mutate(text: string, [kind, at, inserted]: Mutation): string {
  if (kind.endsWith('char')) {
    const i = at % (text.length + 1);
    if (kind === 'delete-char') return text.slice(0, i) + text.slice(i + 1);
    if (kind === 'insert-char') return text.slice(0, i) + inserted + text.slice(i);
    return text.slice(0, i) + text.charAt(i) + text.slice(i);
  }
  const lines = text.split('\n');
  const i = at % lines.length;
  if (kind === 'delete-line') lines.splice(i, 1);
  else if (kind === 'insert-line') lines.splice(i, 0, inserted);
  else lines.splice(i, 0, lines[i]);
  return lines.join('\n');
}

const mutation: fc.Arbitrary<Mutation> = fc.tuple(
  fc.constantFrom('delete-char', 'insert-char', 'duplicate-char', 'delete-line', 'insert-line', 'duplicate-line'),
  fc.nat(),
  fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(':', '- ', '  ', '"', "'", '#', '&a', '*a', '{', '[', '---', '\t', '\r', '>= 90', 'kill_switch', '    target: 0.9')),
);

/** Runs `run` and fails if anything was printed as a process warning (yaml warns on collection keys like `[a]: 1`). */
function withoutWarnings(run: () => void): void {
  const emitWarning = process.emitWarning;
  const warnings: string[] = [];
  process.emitWarning = (warning: string | Error) => void warnings.push(String(warning));
  try {
    run();
  } finally {
    process.emitWarning = emitWarning;
  }
  assert.deepEqual(warnings.slice(0, 3), [], 'the engine printed warnings on the process');
}

describe('analyze', () => {
  it('reports nothing for the valid sample', () => {
    assert.deepEqual(findingsFor(SAMPLE), []);
  });

  it('is pure: the same text gives the same findings', () => {
    const text = mutate(SAMPLE, ['insert-line', 12, '    target: >= 0.9']);
    assert.deepEqual(analyze(doc(text)).findings, analyze(doc(text)).findings);
  });

  it('sorts findings by position, gives each its rule id, severity and doc URL', () => {
    const text = policy(slo({ window: '7 days', target: '"=> 0.9"' }) + slo({ name: 'ood_recall_7d', objective: '"Two. Sentences."' }));
    const { findings } = analyze(doc(text));
    assert.ok(findings.length >= 3);
    const keys = findings.map((f) => [f.range.start.line, f.range.start.character]);
    assert.deepEqual(keys, [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
    for (const f of findings) {
      const meta = RULE_METAS.find((m) => m.id === f.rule);
      assert.ok(meta, f.rule);
      assert.equal(f.severity, meta.defaultSeverity);
      assert.equal(f.docUrl, `https://github.com/safety-specs/safety-specs/blob/main/docs/rules/${f.rule}.md`);
    }
  });

  it('settles severity overrides and turns rules off, but never-event rules keep their severity', () => {
    const text = policy(slo({ window: '7 days', objective: '"Two. Sentences."' }));
    const document = doc(text);
    const levels = { 'slo/window-syntax': 'off', 'slo/objective-sentence': 'error' } as const;
    const { findings } = settle(document, analyze(document).findings, { levels, today: '2026-01-01' });
    assert.deepEqual(findings.map((f) => [f.rule, f.severity]), [['slo/objective-sentence', 'error']]);
    const never = doc(policy(slo({ name: 'never_event_violations', target: '"<= 1"', action_on_breach: 'kill_switch' })));
    const raw = analyze(never).findings;
    assert.ok(raw.some((f) => f.rule === 'never-event/target-zero'));
    const settled = settle(never, raw, { levels: { 'never-event/target-zero': 'off' }, today: '2026-01-01' }).findings;
    assert.deepEqual(settled.map((f) => [f.rule, f.severity]), raw.map((f) => [f.rule, f.severity]));
  });

  it('stops after a source rule refuses the file, without a parsed file', () => {
    const analysis = analyze(doc('version: 1\u0000'));
    assert.equal(analysis.file, undefined);
    assert.deepEqual(analysis.findings.map((f) => f.rule), ['file/binary']);
  });

  it('handles CRLF line endings like LF', () => {
    const text = policy(slo({ window: '7 days', target: '"=> 0.9"' }));
    const lf = findingsFor(text).map((f) => [f.rule, f.range]);
    const crlf = findingsFor(text.replace(/\n/g, '\r\n')).map((f) => [f.rule, f.range]);
    assert.deepEqual(crlf, lf);
  });

  it('prints no process warnings for collection keys', () => {
    withoutWarnings(() => findingsFor('version: 1\n[a, b]: 1\n{ x: 1 }: 2\nslos:\n  - name: a\n'));
  });

  describe('properties', function () {
    this.timeout(60_000); // thousands of analyses: generous on a loaded CI machine

    it('never throws, and every range lies within the document, for arbitrary strings', () => {
      const text = fc.oneof(
        fc.string({ maxLength: 300 }),
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.string({ unit: fc.constantFrom('a', '1', ':', ' ', '\n', '-', '"', "'", '#', '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '\t', '\r', '?', ','), maxLength: 300 }),
      );
      withoutWarnings(() => fc.assert(fc.property(text, checkAnalysis), { numRuns: 1000 }));
    });

    it('never throws, and every range lies within the document, for random mutations of a valid policy', () => {
      withoutWarnings(() =>
        fc.assert(
          fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => checkAnalysis(mutations.reduce(mutate, SAMPLE))),
          { numRuns: 1000 },
        ),
      );
    });

    it('every fix of a mutated policy applies cleanly and removes the finding it was offered for', () => {
      withoutWarnings(() =>
        fc.assert(
          fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
            const text = mutations.reduce(mutate, SAMPLE);
            for (const f of findingsFor(text)) {
              for (const fix of f.fixes ?? []) {
                const after = applyFix(text, fix);
                assert.notEqual(after, text, `${f.rule}: "${fix.title}" changes nothing`);
                const same = findingsFor(after, f.rule).filter((g) => g.message === f.message && g.range.start.line === f.range.start.line);
                assert.deepEqual(same, [], `${f.rule}: "${fix.title}" leaves "${f.message}"`);
              }
            }
          }),
          { numRuns: 300 },
        ),
      );
    });
  });
});
