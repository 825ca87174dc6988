import { strict as assert } from 'node:assert';
import { note, noteFindings } from '../../../note/testing';
import { range } from '../../../testing';

const RULE = 'note/reviewer-roles';

const withReviewers = (...roles: string[]) => note({ front: { reviewers: roles.map((role, i) => `\n  - { name: Reviewer ${i + 1}, role: ${role} }`).join('') } });

describe(RULE, () => {
  it('flags reviewers from fewer than three roles on the reviewers key, naming the roles as first written', () => {
    const [f, ...rest] = noteFindings(withReviewers('ML', 'SRE', 'ml'));
    assert.deepEqual(rest, []);
    assert.equal(f!.rule, RULE);
    assert.equal(f!.severity, 'warning');
    assert.equal(f!.message, 'The reviewers span 2 roles (ML, SRE): a review is meant to hear at least 3 (product, ML, SRE, security, support, legal, ...). Ask someone from another role.');
    assert.deepEqual(f!.range, range(4, 0, 4, 9));
  });

  it('says "1 role" for a single role', () => {
    assert.match(noteFindings(withReviewers('ML', 'ml', ' ML '), RULE)[0]!.message, /^The reviewers span 1 role \(ML\):/);
  });

  it('accepts three distinct roles or more', () => {
    assert.deepEqual(noteFindings(withReviewers('product', 'ML', 'SRE'), RULE), []);
    assert.deepEqual(noteFindings(withReviewers('security', 'support', 'legal', 'legal'), RULE), []);
  });

  it('leaves reviewers without any role, or no reviewers, to note/front-matter', () => {
    assert.deepEqual(noteFindings(note({ front: { reviewers: '[Dana, Sam]' } }), RULE), []);
    assert.deepEqual(noteFindings(note({ front: { reviewers: undefined } }), RULE), []);
  });

  it('keeps exact ranges with CRLF line endings', () => {
    assert.deepEqual(noteFindings(withReviewers('ML', 'SRE').replace(/\n/g, '\r\n'), RULE).map((f) => f.range), [range(4, 0, 4, 9)]);
  });
});
