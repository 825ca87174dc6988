import { strict as assert } from 'node:assert';
import { MAX_POLICY_BYTES } from '.';
import { findingsFor, policy, range, slo } from '../../../testing';

const RULE = 'file/too-large';

describe(RULE, () => {
  it('the limit is 4 MiB', () => {
    assert.equal(MAX_POLICY_BYTES, 4 * 1024 * 1024);
  });

  it('refuses a file over 4 MiB with a single finding at the start and checks nothing else', () => {
    const text = `${policy(slo({ window: '7 days' }))}# ${'x'.repeat(MAX_POLICY_BYTES)}\n`;
    const findings = findingsFor(text);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].rule, RULE);
    assert.deepEqual(findings[0].range, range(0, 0, 0, 0));
    assert.match(findings[0].message, /^File is [\d,]+ bytes; the limit for a policy file is 4 MiB \(4,194,304 bytes\), so it was not checked/);
  });

  it('accepts a file of exactly 4 MiB', () => {
    const head = policy(slo());
    const text = `${head}#${'x'.repeat(MAX_POLICY_BYTES - head.length - 1)}`;
    assert.equal(Buffer.byteLength(text), MAX_POLICY_BYTES);
    assert.deepEqual(findingsFor(text, RULE), []);
  });

  it('counts UTF-8 bytes, not UTF-16 units', () => {
    const head = policy(slo());
    // 2-byte characters: fewer than 4 Mi characters, more than 4 MiB.
    const twoByte = `${head}# ${'é'.repeat(MAX_POLICY_BYTES / 2)}\n`;
    assert.ok(twoByte.length < MAX_POLICY_BYTES && Buffer.byteLength(twoByte) > MAX_POLICY_BYTES);
    assert.deepEqual(findingsFor(twoByte).map((f) => f.rule), [RULE]);
    // 4-byte characters (surrogate pairs): 2 UTF-16 units each.
    const astral = `${head}# ${'😀'.repeat(MAX_POLICY_BYTES / 4)}\n`;
    assert.ok(Buffer.byteLength(astral) > MAX_POLICY_BYTES);
    assert.deepEqual(findingsFor(astral).map((f) => f.rule), [RULE]);
    const under = `${head}# ${'😀'.repeat(MAX_POLICY_BYTES / 4 - head.length)}\n`;
    assert.ok(Buffer.byteLength(under) <= MAX_POLICY_BYTES);
    assert.deepEqual(findingsFor(under, RULE), []);
  });
});
