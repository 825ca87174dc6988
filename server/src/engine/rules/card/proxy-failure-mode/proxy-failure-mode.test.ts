import { strict as assert } from 'node:assert';
import { card, cardFindings } from '../../../card/testing';
import { range } from '../../../testing';

const RULE = 'card/proxy-failure-mode';
const withProxies = (proxies: string | undefined) => card({ proxies });

// In the default card, the Proxies section starts on line 6 and its first item is on line 8.
describe(RULE, () => {
  describe('accepts a failure mode stated', () => {
    const ok: Record<string, string> = {
      'as "fails when"': '## Proxies\n\n- Audit accuracy: fails when only easy claims are audited.\n',
      'as a nested item': '## Proxy metrics\n\n- Audit accuracy\n  - only easy claims get audited\n',
      'as over-optimisation': '## Optimised proxies\n\n- Click-through. Over-optimised, it rewards clickbait.\n',
      'as Goodhart / gaming': '## 2. Proxies and their failure modes\n\n- Reward-model score (gamed by flattery)\n',
      'in a "Failure mode" column': '## Proxies\n\n| Proxy | Failure mode |\n| --- | --- |\n| Audit accuracy | Only easy claims get audited. |\n',
      'in a row without such a column': '## Proxies\n\n| Proxy | Notes |\n| --- | --- |\n| Audit accuracy | fails when only easy claims are audited |\n',
      'under a setext heading': 'Proxies\n-------\n\n- Audit accuracy: fails when only easy claims are audited.\n',
    };
    for (const [name, proxies] of Object.entries(ok)) it(name, () => assert.deepEqual(cardFindings(withProxies(proxies), RULE), []));
  });

  it('flags a list item without a failure mode, on the item, naming the proxy', () => {
    const [f, ...rest] = cardFindings(withProxies('## Proxies\n\n- Audit accuracy: fails when only easy claims are audited.\n- Reviewer agreement (weekly)\n'), RULE);
    assert.deepEqual(rest, []);
    assert.equal(f!.severity, 'error');
    assert.deepEqual(f!.range, range(9, 0, 9, 29));
    assert.equal(f!.message, 'Proxy "Reviewer agreement" does not say how it fails when over-optimised: add "fails when ...", a nested item, or a "Failure mode" column.');
    assert.equal(f!.anchor, 'Proxies');
  });

  it('flags a table row whose failure-mode cell is empty or a placeholder, on the row', () => {
    const table = '## Proxies\n\n| Proxy | When over-optimised |\n| --- | --- |\n| Audit accuracy | |\n| Agreement | TBD |\n| Latency | users wait less, review less |\n';
    const findings = cardFindings(withProxies(table), RULE);
    assert.deepEqual(findings.map((f) => f.range), [range(10, 0, 10, 20), range(11, 0, 11, 19)]);
    assert.match(findings[0]!.message, /^Proxy "Audit accuracy"/);
  });

  it('reports a missing Proxies section on the first heading, and a heading inside a code block does not count', () => {
    for (const proxies of [undefined, '```markdown\n## Proxies\n\n- a: fails when b\n```\n']) {
      const [f, ...rest] = cardFindings(withProxies(proxies), RULE);
      assert.deepEqual(rest, []);
      assert.deepEqual(f!.range, range(4, 0, 4, 15));
      assert.match(f!.message, /^No "Proxies" section/);
    }
  });

  it('reports a section that lists no proxy on its heading', () => {
    const [f] = cardFindings(withProxies('## Proxies\n\nWe optimise audit accuracy.\n'), RULE);
    assert.deepEqual(f!.range, range(6, 0, 6, 10));
    assert.match(f!.message, /^"Proxies" lists no proxies/);
  });

  it('keeps exact ranges with a BOM and CRLF line endings', () => {
    const text = '\uFEFF' + withProxies('## Proxies\n\n| Proxy | Failure mode |\n| --- | --- |\n| Audit accuracy | - |\n').replace(/\n/g, '\r\n');
    const [f] = cardFindings(text, RULE);
    assert.deepEqual(f!.range, range(10, 0, 10, 22));
  });
});
