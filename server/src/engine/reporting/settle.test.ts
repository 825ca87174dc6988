import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';
import { analyze } from '../analyze';
import { analyzeCard } from '../card';
import { card, cardDocument } from '../card/testing';
import { note } from '../note/testing';
import { settled, settledCard, settledFor, settledNote, TODAY } from '../suppressions/testing';
import { applyFix, doc, policy, slo } from '../testing';
import type { Finding } from '../types';
import { settle } from './settle';

const rules = (text: string, options = {}) => settledFor(text, undefined, options).map((f) => f.rule);
const RATIO = 'slo/ratio-bounds';
const BAD_RATIO = '">= 95"';

describe('settle', () => {
  it('without suppression comments, applies levels only', () => {
    const text = policy(slo({ target: BAD_RATIO, objective: '"Two. Sentences."' }));
    assert.deepEqual(rules(text), ['slo/objective-sentence', RATIO]);
    assert.deepEqual(settled(text, { levels: { [RATIO]: 'off', 'slo/objective-sentence': 'error' } }).findings.map((f) => [f.rule, f.severity]), [['slo/objective-sentence', 'error']]);
  });

  it('a suppression silences its rule on its line, on the line below it, or in the whole file, and is waived', () => {
    const cases: Record<string, [text: string, rule: string]> = {
      trailing: [policy(slo({ target: `${BAD_RATIO}   # safety-specs-ignore ${RATIO}: percent scale until the exporter is fixed` })), RATIO],
      above: [policy(slo({ objective: 'Detect shift.\n    # safety-specs-ignore slo/ratio-bounds: percent scale\n\n    # (tracked in SAFE-12)', target: BAD_RATIO })), RATIO],
      file: [`# safety-specs-ignore-file ${RATIO}: percent scale\n${policy(slo({ target: BAD_RATIO }))}`, RATIO],
      'after a quoted "#"': [policy(slo({ objective: '"Detect shift. Count # of claims."   # safety-specs-ignore slo/objective-sentence: quoted' })), 'slo/objective-sentence'],
    };
    for (const [name, [text, rule]] of Object.entries(cases)) {
      assert.deepEqual(analyze(doc(text)).findings.map((f) => f.rule), [rule], name);
      const { findings, waived } = settled(text);
      assert.deepEqual(findings, [], name);
      assert.deepEqual(waived.map((w) => w.finding.rule), [rule], name);
    }
  });

  it('a finding on another line, or of another rule, is not silenced', () => {
    const text = policy(slo({ window: '7d   # safety-specs-ignore slo/ratio-bounds: wrong line', target: `${BAD_RATIO}   # safety-specs-ignore slo/target-syntax: wrong rule` }));
    assert.deepEqual(rules(text), [RATIO, 'suppression/unused', 'suppression/unused']);
  });

  it('a never-event finding stays despite a suppression, which is reported as not allowed', () => {
    const text = policy(slo({ name: 'never_event_violations', target: '"<= 1"   # safety-specs-ignore never-event/target-zero: accepted by the board', action_on_breach: 'kill_switch' }));
    assert.deepEqual(rules(text), ['never-event/target-zero', 'suppression/not-allowed']);
    assert.deepEqual(settled(text).waived, []);
  });

  it('applies levels first: a rule turned off leaves its suppression unused; a raised one is waived at its new level', () => {
    const text = policy(slo({ target: `${BAD_RATIO}   # safety-specs-ignore ${RATIO}: percent scale` }));
    assert.deepEqual(rules(text, { levels: { [RATIO]: 'off' } }), ['suppression/unused']);
    const raised = settled(text.replace(RATIO, 'slo/exact-float-equality').replace(BAD_RATIO, '"== 0.5"'), { levels: { 'slo/exact-float-equality': 'error' } });
    assert.deepEqual(raised.findings, []);
    assert.deepEqual(raised.waived.map((w) => [w.finding.rule, w.finding.severity]), [['slo/exact-float-equality', 'error']]);
  });

  it('levels apply to suppression findings, which cannot be suppressed inline', () => {
    const unused = policy(slo({ target: '">= 0.9"   # safety-specs-ignore slo/ratio-bounds: nothing here' }));
    assert.deepEqual(rules(unused), ['suppression/unused']);
    assert.deepEqual(rules(unused, { levels: { 'suppression/unused': 'off' } }), []);
    assert.deepEqual(settledFor(unused, 'suppression/unused', { levels: { 'suppression/unused': 'error' } }).map((f) => f.severity), ['error']);
    const inline = unused.replace('slo/ratio-bounds: nothing here', 'slo/ratio-bounds, suppression/unused: hush');
    assert.deepEqual(rules(inline), ['suppression/unused', 'suppression/not-allowed']);
  });

  it('an expiry is judged against today: in force on the day itself, expired the day after', () => {
    const text = policy(slo({ target: `${BAD_RATIO}   # safety-specs-ignore ${RATIO}: percent scale [until ${TODAY}]` }));
    assert.deepEqual(rules(text), []);
    assert.deepEqual(rules(text, { today: '2026-06-16' }), [RATIO, 'suppression/expired']);
  });

  it('reads CRLF text like LF', () => {
    const lf = `# safety-specs-ignore-file slo/window-syntax: why\n${policy(slo({ objective: 'One. Two.  # safety-specs-ignore slo/objective-sentence', target: `${BAD_RATIO}   # safety-specs-ignore ${RATIO}: legacy` }))}`;
    const shape = (text: string) => settled(text).findings.map((f) => [f.rule, f.range, f.message]);
    assert.deepEqual(shape(lf.replace(/\n/g, '\r\n')), shape(lf));
    assert.deepEqual(shape(lf).map((f) => f[0]), ['suppression/unused', 'slo/objective-sentence', 'suppression/missing-reason']);
  });

  it('sorts suppression findings in among the others', () => {
    const text = `# safety-specs-ignore-file slo/nope: why\n${policy(slo({ target: BAD_RATIO }))}`;
    assert.deepEqual(rules(text), ['suppression/unknown-rule', RATIO]);
  });

  it('does not read comments of a file a source rule refused', () => {
    const text = '# safety-specs-ignore file/binary\nversion: 1\u0000\n';
    const document = doc(text);
    assert.deepEqual(settle(document, analyze(document).findings, { today: TODAY }).findings.map((f) => f.rule), ['file/binary']);
  });

  it('never throws, and keeps every range and fix edit within the document, for random suppression comments', () => {
    const fragment = fc.constantFrom(
      '# safety-specs-ignore ', '# safety-specs-ignore-file ', '#safety-specs-ignore', 'slo/ratio-bounds', 'slo/ratio-bound', 'never-event/target-zero',
      'suppression/unused', ', ', ',', ': ', ':', 'why', ' until 2026-06-15', ' [until 2026-13-01]', ' (until 2020-1-1)', '\n', '\r\n', '  ', '"', "'", '|\n',
      '    target: ">= 95"', '  - name: x\n', 'objective: Two. Sentences.',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
        const document = doc(policy(slo({ target: BAD_RATIO })) + parts.join(''));
        const { findings, waived } = settle(document, analyze(document).findings, { today: TODAY });
        for (const f of [...findings, ...waived.map((w) => w.finding)]) {
          assert.ok(within(document, f.range), `${f.rule} ${JSON.stringify(f.range)}`);
          for (const edit of (f.fixes ?? []).flatMap((x) => x.edits)) assert.ok(within(document, edit.range), `${f.rule} fix ${JSON.stringify(edit.range)}`);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('settle in a model card or a deliberation note', () => {
  const PLACEHOLDER = 'card/placeholder';
  /** A valid card with a "Uses" section left as the template wrote it, the comment after the placeholder. */
  const cardWith = (comment: string, placeholderLine = `[More Information Needed]${comment}`) => card({ rest: `## Uses\n\n${placeholderLine}\n` });
  const rulesOf = (s: { findings: readonly Finding[] }) => s.findings.map((f) => f.rule);

  it('an HTML comment silences its rule on its line, on the line below it, or in the whole file, and is waived', () => {
    const cases: Record<string, string> = {
      trailing: cardWith(' <!-- safety-specs-ignore card/placeholder: filled in by the evaluation team -->'),
      above: cardWith('', '<!-- safety-specs-ignore card/placeholder: filled in by the evaluation team -->\n[More Information Needed]'),
      file: `${cardWith('')}\n<!-- safety-specs-ignore-file card/placeholder: filled in by the evaluation team -->\n`,
    };
    for (const [name, text] of Object.entries(cases)) {
      const { findings, waived } = settledCard(text);
      assert.deepEqual(findings, [], name);
      assert.deepEqual(waived.map((w) => [w.finding.rule, w.waiver.reason]), [[PLACEHOLDER, 'filled in by the evaluation team']], name);
    }
  });

  it("a front-matter YAML comment silences a finding in the front matter", () => {
    const text = card({ frontMatter: 'objective: Triage claims. Deny none unfairly.   # safety-specs-ignore card/objective: the board wrote two\n' });
    assert.deepEqual(settledCard(text.replace('   # safety-specs-ignore', '   # not a suppression')).findings.map((f) => f.rule), ['card/objective']);
    const { findings, waived } = settledCard(text);
    assert.deepEqual(findings, []);
    assert.deepEqual(waived.map((w) => w.finding.rule), ['card/objective']);
  });

  it('a suppression in a note silences a note finding', () => {
    const text = note().replace('---\n# Raise', '---\n<!-- safety-specs-ignore note/length: the appendix is the incident timeline -->\n# Raise');
    assert.deepEqual(rulesOf(settledNote(text)), ['suppression/unused'], 'under the default limit');
    assert.deepEqual(rulesOf(settledNote(text, { maxWords: 50 })), []);
    assert.deepEqual(settledNote(text, { maxWords: 50 }).waived.map((w) => w.finding.rule), ['note/length']);
    assert.deepEqual(rulesOf(settledNote(text.replace('note/length', 'note/lenght'), { maxWords: 50 })), ['suppression/unknown-rule', 'note/length']);
  });

  it('a comment in a fenced code block is an example, not a suppression', () => {
    const text = cardWith('', '```markdown\n<!-- safety-specs-ignore card/placeholder: an example -->\n```\n[More Information Needed]');
    assert.deepEqual(rulesOf(settledCard(text)), [PLACEHOLDER]);
  });

  it('without a reason, or expired, it silences nothing and is reported; its fix removes the comment', () => {
    const missing = cardWith(' <!-- safety-specs-ignore card/placeholder -->');
    const { findings } = settledCard(missing);
    assert.deepEqual(rulesOf({ findings }), [PLACEHOLDER, 'suppression/missing-reason']);
    assert.equal(applyFix(missing, findings[1]!.fixes![0]!), cardWith(''));

    const expired = cardWith(' <!-- safety-specs-ignore card/placeholder: filled in Q2 (until 2026-06-14) -->');
    const [kept, lapsed] = settledCard(expired).findings;
    assert.deepEqual([kept?.rule, lapsed?.rule], [PLACEHOLDER, 'suppression/expired']);
    assert.equal(expired.split('\n')[lapsed!.range.start.line]?.slice(lapsed!.range.start.character, lapsed!.range.end.character), '2026-06-14');
    assert.deepEqual(rulesOf(settledCard(expired, { today: '2026-06-14' })), []);
  });

  it('an unused comment alone on its line is removed with its line', () => {
    const text = cardWith('', '<!-- safety-specs-ignore card/objective: nothing to silence here -->\nNo placeholder left.');
    const [unused, ...rest] = settledCard(text).findings;
    assert.deepEqual(rest, []);
    assert.equal(unused?.rule, 'suppression/unused');
    assert.equal(applyFix(text, unused!.fixes![0]!), cardWith('', 'No placeholder left.'));
  });

  it('a never-event finding stays; the fix removes only the never-event rule from the comment', () => {
    const text = card({ neverEvents: '## Never events\n\n<!-- safety-specs-ignore card/never-events, card/placeholder: legacy list -->\n- `NE-1` Deny a claim without review.\n' });
    const { findings, waived } = settledCard(text);
    assert.deepEqual(waived, []);
    assert.deepEqual(rulesOf({ findings }), ['suppression/unused', 'suppression/not-allowed', 'card/never-events']);
    const fixed = applyFix(text, findings[1]!.fixes![0]!);
    assert.equal(fixed, text.replace('card/never-events, ', ''));
  });

  it('never throws, and keeps every range and fix edit within the document, for random Markdown suppression comments', () => {
    const fragment = fc.constantFrom(
      '<!-- safety-specs-ignore ', '<!-- safety-specs-ignore-file ', '<!--', '-->', ' -->', 'card/placeholder', 'card/placeholde', 'card/never-events', ', ', ': ', 'why',
      ' until 2026-06-15', ' [until 2026-13-01]', '\n', '\r\n', '  ', '```\n', '`', '> ', '- ', '[More Information Needed]', '# safety-specs-ignore card/objective: x', '---\n',
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
        const document = cardDocument(card() + parts.join(''));
        const { findings, waived } = settle(document, analyzeCard(document).findings, { today: TODAY });
        for (const f of [...findings, ...waived.map((w) => w.finding)]) {
          assert.ok(within(document, f.range), `${f.rule} ${JSON.stringify(f.range)}`);
          for (const edit of (f.fixes ?? []).flatMap((x) => x.edits)) assert.ok(within(document, edit.range), `${f.rule} fix ${JSON.stringify(edit.range)}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function within(document: TextDocument, r: Range): boolean {
  return document.offsetAt(r.start) <= document.offsetAt(r.end) && r.end.line < document.lineCount && document.positionAt(document.offsetAt(r.end)).character === r.end.character;
}
