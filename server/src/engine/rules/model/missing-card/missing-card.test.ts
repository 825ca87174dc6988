import { strict as assert } from 'node:assert';
import { card } from '../../../card/testing';
import { cardTemplate } from '../../../folder/templates';
import { folderFindings, pathOfUri, uriOf, type Files } from '../../../folder/testing';
import { policy, range, slo } from '../../../testing';
import type { Finding } from '../../../types';

const RULE = 'model/missing-card';

const POLICY = policy(slo() + slo({ name: 'no_unreviewed_denial', target: '"== 0"', window: 'rolling', action_on_breach: 'kill_switch', never_events: '[NE-1, NE-2]' }));

/** The files once the finding's fix has created its file. */
function created(files: Files, f: Finding): Files {
  const file = f.fixes![0]!.newFile!;
  return { ...files, [pathOfUri(file.uri)]: file.text };
}

describe(RULE, () => {
  it('passes a folder with a model card, under any of its names', () => {
    for (const name of ['MODEL_CARD.md', 'model-card.md', 'model_card.md']) assert.deepEqual(folderFindings({ 'safety-slos.yaml': POLICY, [name]: card() }, RULE), [], name);
    assert.deepEqual(folderFindings({ 'safety-slos.yaml': POLICY, 'README.md': card() }, RULE), [], 'a README with card front matter is the card');
  });

  it('flags a folder without a card on the policy\'s `model:`, with a fix that creates MODEL_CARD.md from the template', () => {
    const files = { 'safety-slos.yaml': POLICY, 'README.md': '# Claims triage\n\nHow to run the service.\n' };
    const [f, ...rest] = folderFindings(files, RULE);
    assert.deepEqual(rest, []);
    assert.equal(f!.path, 'safety-slos.yaml');
    assert.deepEqual(f!.range, range(1, 7, 1, 20));
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, 'claims-triage has no model card: add MODEL_CARD.md beside the policy (or model-card.md, a README.md with card front matter, or a path in `model_card:`) with its human objective, proxies, never events and safe mode.');
    const fix = f!.fixes![0]!;
    assert.equal(fix.title, 'Create MODEL_CARD.md from the template');
    assert.deepEqual(fix.edits, []);
    assert.deepEqual(fix.newFile, {
      uri: uriOf('MODEL_CARD.md'),
      text: cardTemplate({ model: 'claims-triage', slos: ['ood_recall_7d', 'no_unreviewed_denial'], neverEvents: [{ id: 'NE-1' }, { id: 'NE-2' }], policy: 'safety-slos.yaml' }),
    });
    // The new card is the folder's, and its never events are the ones the policy guards.
    assert.deepEqual(folderFindings(created(files, f!)).map((x) => x.rule), ['model/missing-note']);
  });

  it('reports on the first line of a policy without `model:`', () => {
    const [f] = folderFindings({ 'safety-slos.yaml': POLICY.replace('model: claims-triage\n', '') }, RULE);
    assert.deepEqual(f!.range, range(0, 0, 0, 10));
    assert.match(f!.message, /^This model has no model card/);
  });

  it('flags a `model_card:` naming a missing file, on its value, with a fix that creates that file', () => {
    const files = { 'safety-slos.yaml': POLICY.replace('slos:\n', 'model_card: docs/CARD.md\nslos:\n'), 'MODEL_CARD.md': card() };
    const [f, ...rest] = folderFindings(files, RULE);
    assert.deepEqual(rest, [], 'the card the policy names is the card: MODEL_CARD.md beside it is not looked for');
    assert.deepEqual(f!.range, range(2, 12, 2, 24));
    assert.equal(f!.message, '`model_card` names "docs/CARD.md", which does not exist: create the model card there, or correct the path.');
    const file = f!.fixes![0]!.newFile!;
    assert.equal(f!.fixes![0]!.title, 'Create docs/CARD.md from the template');
    assert.equal(file.uri, uriOf('docs/CARD.md'));
    assert.match(file.text, /^---\nsafety_slos: \.\.\/safety-slos\.yaml\n---\n/);
    assert.deepEqual(folderFindings(created(files, f!), RULE), []);
  });
});
