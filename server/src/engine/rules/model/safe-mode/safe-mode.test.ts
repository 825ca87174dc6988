import { strict as assert } from 'node:assert';
import { card } from '../../../card/testing';
import { folderFindings, uriOf } from '../../../folder/testing';
import { policy, range, slo } from '../../../testing';

const RULE = 'model/safe-mode';

/** slo() degrades to safe mode by default; its action is on line 7 (columns 22-42) of a one-SLO policy. */
const DEGRADES = policy(slo());
const SAFE_MODE = 'safe_mode:\n  description: Serve the rules-based triage only; every denial goes to a human.\n';

describe(RULE, () => {
  it('passes a policy that never degrades to safe mode', () => {
    assert.deepEqual(folderFindings({ 'safety-slos.yaml': policy(slo({ action_on_breach: 'rollback' })) }, RULE), []);
  });

  it('passes when a policy file of the folder has a top-level `safe_mode:`', () => {
    assert.deepEqual(folderFindings({ 'safety-slos.yaml': policy(slo(), SAFE_MODE) }, RULE), []);
    assert.deepEqual(folderFindings({ 'safety-slos.yaml': DEGRADES, 'acme.safety-slos.yaml': policy(slo({ action_on_breach: 'rollback' }), SAFE_MODE) }, RULE), []);
  });

  it('passes when the card has a "Safe mode" or "Safe baseline" section', () => {
    for (const heading of ['## Safe mode', '## 4. Safe-mode behaviour', '### Safe baseline']) {
      const text = card({ rest: `${heading}\n\nThe rules-based triage, with every denial reviewed by a person.\n` });
      assert.deepEqual(folderFindings({ 'safety-slos.yaml': DEGRADES, 'MODEL_CARD.md': text }, RULE), [], heading);
    }
  });

  it('flags the first SLO that degrades, pointing at the others, custom actions ranked as safe mode included', () => {
    const files = {
      'safety-slos.yaml': policy(slo() + slo({ name: 'rate_limited', action_on_breach: 'rollback' })),
      'acme.safety-slos.yaml': policy(slo({ name: 'ood_recall_acme', action_on_breach: 'fallback' }), 'actions:\n  fallback:\n    severity: degrade_to_safe_mode\n'),
      'MODEL_CARD.md': card({ rest: '## Limitations\n\nRecall drops on handwritten claims.\n' }),
    };
    const [f, ...rest] = folderFindings(files, RULE);
    assert.deepEqual(rest, []);
    assert.equal(f!.path, 'safety-slos.yaml');
    assert.deepEqual(f!.range, range(7, 22, 7, 42));
    assert.equal(f!.anchor, 'ood_recall_7d');
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, '"ood_recall_7d" degrades to safe mode, but nothing says what safe mode is: describe it under a top-level `safe_mode:` in the policy, or in a "Safe mode" (or "Safe baseline") section of the model card.');
    assert.deepEqual(f!.related, [
      { uri: uriOf('acme.safety-slos.yaml'), range: range(7, 22, 7, 30), message: '"ood_recall_acme" degrades to safe mode too ("fallback" ranks with degrade_to_safe_mode)', anchor: 'ood_recall_acme' },
    ]);
  });
});
