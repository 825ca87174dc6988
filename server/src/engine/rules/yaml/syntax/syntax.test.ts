import { strict as assert } from 'node:assert';
import { applyFix, findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'yaml/syntax';

describe(RULE, () => {
  it('reports nothing for a valid policy', () => {
    assert.deepEqual(findingsFor(policy(slo()), RULE), []);
  });

  it('reports an unquoted comparator once, over the value, explains it and offers to quote it', () => {
    const text = policy(slo({ target: '>= 0.9   # keep' }));
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(5, 12, 5, 18));
    assert.match(f.message, /^YAML: .*\(a value starting with > must be quoted, like target: ">= 0\.90"\)$/);
    const [fix, ...others] = f.fixes ?? [];
    assert.deepEqual(others, []);
    assert.equal(fix.title, 'Quote the value: ">= 0.9"');
    assert.equal(fix.preferred, true);
    const fixed = applyFix(text, fix);
    assert.equal(fixed, policy(slo({ target: '">= 0.9"   # keep' })));
    assert.deepEqual(findingsFor(fixed), []);
  });

  it('reports an unquoted "!=" (a YAML tag, not a syntax error to YAML) the same way, and nothing else', () => {
    const text = policy(slo({ name: 'coverage_7d', target: '!= 0   # never zero' }));
    const findings = findingsFor(text);
    assert.deepEqual(findings.map((f) => f.rule), [RULE]);
    assert.deepEqual(findings[0].range, range(5, 12, 5, 16));
    assert.match(findings[0].message, /^YAML: Unresolved tag: != \(a value starting with ! must be quoted/);
    const fixed = applyFix(text, findings[0].fixes![0]);
    assert.equal(fixed, policy(slo({ name: 'coverage_7d', target: '"!= 0"   # never zero' })));
    assert.deepEqual(findingsFor(fixed), []);
  });

  it('leaves unquoted values YAML reads as plain strings to the target rules', () => {
    assert.deepEqual(findingsFor(policy(slo({ name: 'p95_latency', target: '< 5ms' }))), []);
    assert.deepEqual(findingsFor(policy(slo({ name: 'leak_count_7d', target: '== 0' }))), []);
  });

  it('reports several errors, each at its own location', () => {
    const text = [
      'version: 1',
      'model: "unclosed',
      'slos:',
      '  - name: a_rate',
      '    objective: [unclosed',
      '    target: "<= 0.1"',
      '',
    ].join('\n');
    const lines = findingsFor(text, RULE).map((f) => f.range.start.line);
    assert.ok(lines.length >= 2, `expected several syntax errors, got ${lines.length}`);
    assert.ok(new Set(lines).size >= 2, `expected errors on different lines, got ${lines.join(', ')}`);
    for (const f of findingsFor(text, RULE)) assert.ok(f.range.start.line <= f.range.end.line);
  });

  it('still checks the rest of the file: a semantic finding after a syntax error is reported', () => {
    const text = policy(
      slo({ name: 'a_rate', target: '"<= 0.1"', window: '7 days' }) +
        slo({ name: 'b_rate', objective: '[unclosed', target: '"<= 0.1"', action_on_breach: 'alerrt' }),
    );
    const findings = findingsFor(text);
    const syntax = findings.filter((f) => f.rule === RULE);
    assert.equal(syntax.length, 1);
    assert.equal(syntax[0].range.start.line, 10);
    assert.ok(findings.some((f) => f.rule === 'slo/window-syntax' && f.range.start.line === 6), 'finding before the error');
    assert.ok(findings.some((f) => f.rule === 'slo/unknown-action' && f.range.start.line === 12), 'finding after the error');
  });

  it('reports a second YAML document, at its start, once', () => {
    const first = policy(slo());
    const text = `${first}---\nversion: 2\n---\nversion: 3\n`;
    const findings = findingsFor(text, RULE);
    assert.equal(findings.length, 1);
    assert.deepEqual(findings[0].range, range(8, 0, 8, 0));
    assert.match(findings[0].message, /one YAML document/);
    // The ignored documents are not validated: `version: 2` is not a schema finding.
    assert.deepEqual(findingsFor(text, 'schema/invalid-value'), []);
  });

  it('does not treat a leading document marker as a second document', () => {
    assert.deepEqual(findingsFor(`---\n${policy(slo())}`, RULE), []);
  });

  it('gives no quoting hint for errors on other lines', () => {
    const text = 'version: 1\nmodel: "unclosed\n';
    const findings = findingsFor(text, RULE);
    assert.ok(findings.length >= 1);
    for (const f of findings) {
      assert.doesNotMatch(f.message, /must be quoted/);
      assert.equal(f.fixes, undefined);
    }
  });

  it('locates an alias whose anchor is not defined', () => {
    const text = policy(slo({ action_on_breach: '*nope' }));
    const [f, ...rest] = findingsFor(text, RULE);
    assert.deepEqual(rest, []);
    assert.deepEqual(f.range, range(7, 22, 7, 27));
    assert.match(f.message, /^YAML: .*nope.*Define the anchor \(&name\) before the alias \(\*name\) that uses it\.$/);
    assert.deepEqual(findingsFor(text, 'slo/unknown-action'), []);
    assert.deepEqual(findingsFor(text, 'yaml/alias-limit'), []);
  });

  it('caps the number of syntax errors reported, saying how many more there are', () => {
    const text = `version: 1\nslos:\n${'  - key: value: other\n'.repeat(300)}`;
    const findings = findingsFor(text, RULE);
    assert.equal(findings.length, 51);
    assert.match(findings[50].message, /^\d+ more YAML syntax errors not shown; fix the ones above first\.$/);
  });
});
