import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, range, slo } from '../../../testing';

const RULE = 'schema/missing-key';

describe(RULE, () => {
  it('reports an empty file as empty, at the start', () => {
    for (const text of ['', '\n\n', '# only a comment\n', '---\n']) {
      const findings = findingsFor(text, RULE);
      assert.equal(findings.length, 1, JSON.stringify(text));
      assert.deepEqual(findings[0].range, range(0, 0, 0, 0));
      assert.match(findings[0].message, /^The policy file is empty\./);
    }
  });

  it('reports a key missing from an SLO on that SLO\'s first line, not on the whole item', () => {
    const text = `version: 1\nmodel: m\nslos:\n${slo({ name: 'a_rate', target: '"<= 0.1"' })}${slo({ name: 'b_rate', objective: undefined, target: '"<= 0.1"' })}`;
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(8, 4, 8, 16));
    assert.equal(f.message, 'SLO "b_rate" is missing "objective": What this SLO protects, in plain language, in one sentence.');
  });

  it('names an SLO without a name by its position', () => {
    const text = `version: 1\nmodel: m\nslos:\n${slo({ name: undefined })}`;
    const [f] = findingsFor(text, RULE);
    assert.match(f.message, /^SLO #1 is missing "name"/);
    assert.deepEqual(f.range, range(3, 4, 3, 53));
  });

  it('ends the range at the end of the first key when its value spans lines', () => {
    const text = `version: 1\nmodel: m\nslos:\n  - scope:\n      tenant: acme\n    name: a_rate\n    objective: "One."\n    target: "<= 0.1"\n    window: 7d\n`;
    const [f] = findingsFor(text, RULE);
    assert.match(f.message, /missing "action_on_breach"/);
    assert.deepEqual(f.range, range(3, 4, 3, 9));
  });

  it('reports a key missing from a custom action on the action\'s first line', () => {
    const text = `version: 1\nmodel: m\nactions:\n  notify_ts:\n    severity: page\nslos:\n${slo()}`;
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(4, 4, 4, 18));
    assert.match(f.message, /^Action "notify_ts" is missing "description"/);
  });

  it('adds a missing version at the top with a preferred fix, keeping comments and indentation', () => {
    const text = `# Policy of the claims model.\nmodel: m   # id\nslos:\n${slo()}`;
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(1, 0, 1, 8));
    assert.match(f.message, /^The policy is missing "version": Version of the policy format\.$/);
    assert.equal(f.fixes?.[0].title, 'Add "version: 1"');
    assert.equal(f.fixes?.[0].preferred, true);
    const fixed = applyFix(text, f.fixes![0]);
    assert.equal(fixed, `# Policy of the claims model.\nversion: 1\nmodel: m   # id\nslos:\n${slo()}`);
    assert.deepEqual(findingsFor(fixed), []);
  });

  it('adds the version at the indentation of an indented root map', () => {
    const indented = `  model: m\n  slos:\n${slo().replace(/^/gm, '  ')}`;
    const [f] = findingsFor(indented, RULE);
    const fixed = applyFix(indented, f.fixes![0]);
    assert.equal(fixed, `  version: 1\n${indented}`);
    assert.deepEqual(findingsFor(fixed, RULE), []);
  });

  it('offers no fix for other missing keys', () => {
    const [f] = findingsFor('version: 1\nmodel: m\n', RULE);
    assert.match(f.message, /missing "slos"/);
    assert.equal(f.fixes, undefined);
  });

  it('leaves a map broken by a syntax error to yaml/syntax: no cascade of missing keys', () => {
    const text = `version: 1\nmodel: m\nslos:\n  - name: a_rate\n    objective: "One.\n    target: "<= 0.1"\n    window: 7d\n    action_on_breach: alert\n`;
    assert.deepEqual(findingsFor(text, RULE), []);
    assert.ok(findingsFor(text, 'yaml/syntax').length > 0);
  });
});
