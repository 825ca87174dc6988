import { strict as assert } from 'node:assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { card } from '../../../card/testing';
import { folderFindings } from '../../../folder/testing';
import { policy, range, slo } from '../../../testing';

const RULE = 'model/unknown-never-event';

const CARD = card({ neverEvents: '## Never events\n\n- `NE-1` Never deny a claim without a human review.\n- `NE-2` Never show a claimant another claimant\'s records.\n' });
const withList = (list: string) =>
  policy(slo({ name: 'no_unreviewed_denial', objective: 'Never deny a claim unreviewed.', target: '"== 0"', window: 'rolling', action_on_breach: 'kill_switch', never_events: list }));
const findings = (policyText: string, cardText = CARD) => folderFindings({ 'safety-slos.yaml': policyText, 'MODEL_CARD.md': cardText }, RULE);

// The `never_events:` line of the SLO is line 8; its list starts at column 18.
describe(RULE, () => {
  it('passes ids the card lists', () => {
    assert.deepEqual(findings(withList('[NE-1, NE-2]')), []);
  });

  it('flags an unknown id on the list item, suggesting the closest id with a fix that keeps the quotes', () => {
    const text = withList("[NE-1, 'NE_2', PII-9]");
    const [near, far, ...rest] = findings(text);
    assert.deepEqual(rest, []);
    assert.equal(near!.path, 'safety-slos.yaml');
    assert.deepEqual(near!.range, range(8, 25, 8, 31));
    assert.equal(near!.severity, 'error');
    assert.equal(near!.anchor, 'no_unreviewed_denial');
    assert.equal(near!.message, '"NE_2" is not a never event of the model card (MODEL_CARD.md): its never events are NE-1, NE-2. Did you mean "NE-2"?');
    const fix = near!.fixes![0]!;
    assert.deepEqual([fix.title, fix.preferred], ['Change to "NE-2"', true]);
    const fixed = TextDocument.applyEdits(TextDocument.create('file:///x', 'yaml', 1, text), [...fix.edits]);
    assert.equal(fixed, withList("[NE-1, 'NE-2', PII-9]"));
    assert.deepEqual(findings(fixed).map((f) => f.message.slice(0, 8)), ['"PII-9" ']);

    assert.deepEqual(far!.range, range(8, 33, 8, 38));
    assert.equal(far!.message, '"PII-9" is not a never event of the model card (MODEL_CARD.md): its never events are NE-1, NE-2.');
    assert.equal(far!.fixes, undefined);
  });

  it('says so when the card lists no never events', () => {
    const [f] = findings(withList('[NE-1]'), card({ neverEvents: undefined }));
    assert.equal(f!.message, '"NE-1" is not a never event of the model card (MODEL_CARD.md): it lists no never events.');
  });

  it('has nothing to check against without a card', () => {
    assert.deepEqual(folderFindings({ 'safety-slos.yaml': withList('[NE-9]') }, RULE), []);
  });
});
