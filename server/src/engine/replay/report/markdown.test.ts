import { strict as assert } from 'node:assert';
import type { Root, Table } from 'mdast';
import { fromMarkdown, gfm, gfmFromMarkdown, toString } from '../../markdown/esm';
import { replayMarkdown } from './markdown';
import { HOSTILE, HOUR, POLICY, replayOf, rows } from '../testing';

/** The report as a reader sees it: GFM parsed, each table by its bold caption, cells as plain text. */
function read(markdown: string): { tree: Root; tables: Map<string, string[][]> } {
  const tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const tables = new Map<string, string[][]>();
  tree.children.forEach((node, i) => {
    if (node.type !== 'table') return;
    const caption = toString(tree.children[i - 1]);
    tables.set(caption, (node as Table).children.map((row) => row.children.map((cell) => toString(cell))));
  });
  return { tree, tables };
}

const headings = (tree: Root) => tree.children.flatMap((n) => (n.type === 'heading' ? [`${'#'.repeat(n.depth)} ${toString(n)}`] : []));

describe('replayMarkdown', () => {
  const markdown = replayMarkdown(replayOf(HOUR));
  const { tree, tables } = read(markdown);

  it('gives the period in UTC ISO 8601, the evaluations, the samples, then a section per gate (policy first) and per SLO', () => {
    assert.match(markdown, /^# Replay of h\.jsonl\n\n- \*\*Period:\*\* 2026-11-17T00:00:00Z to 2026-11-17T00:59:00Z \(59m, UTC\)\n- \*\*Evaluated:\*\* at every sample time \(60 evaluations\)\n- \*\*Samples:\*\* 180 read, 180 of them by an SLO\n- \*\*Problems:\*\* none\n- \*\*Metrics no SLO reads:\*\* none\n/);
    assert.deepEqual(headings(tree), [
      '# Replay of h.jsonl',
      '## Gates',
      '### policy (the policy as a whole)',
      '### gate release',
      '## SLOs',
      '### recall',
      `### ${HOSTILE}`,
      '### volume',
      '## Which action fired when',
    ]);
    assert.match(markdown, /^The policy as a whole: what would have fired, gate or not \(every SLO that can be evaluated, missing data ignored\)\.$/m);
  });

  it('shows each gate\'s time in each decision (duration and share of the period) and its decision changes', () => {
    assert.deepEqual(tables.get('Time in each decision: policy'), [
      ['Decision', 'Time', 'Share of the period'],
      ['kill_switch', '5m', '8.5%'],
      ['degrade_to_safe_mode', '17m', '28.8%'],
      ['pass', '37m', '62.7%'],
    ]);
    assert.deepEqual(tables.get('Decision changes: release'), [
      ['At', 'Decision', 'Reason'],
      ['2026-11-17T00:00:00Z', 'pass', 'no SLO breached.'],
      ['2026-11-17T00:23:00Z', 'degrade_to_safe_mode', 'recall breached: mean over 10m 0.89 < 0.9.'],
      ['2026-11-17T00:41:00Z', 'pass', 'no SLO breached.'],
    ]);
  });

  it('gives each SLO a table of its measures and one of its breaches, with time to detect', () => {
    assert.deepEqual(tables.get('Summary: recall'), [
      ['Measure', 'Value'],
      ['Metric', 'recall'],
      ['Series read', 'recall'],
      ['Target', '>= 0.9'],
      ['Aggregate', 'mean over 10m'],
      ['Action', 'degrade_to_safe_mode'],
      ['Breaches', '1'],
      ['First breach', '2026-11-17T00:23:00Z'],
      ['Last recovery', '2026-11-17T00:41:00Z'],
      ['Time in breach', '18m (30.5%)'],
      ['Time without data', '0s (0%)'],
      ['Time to detect', '3m (one breach)'],
    ]);
    assert.deepEqual(tables.get('Breaches: recall'), [
      ['#', 'Breached at', 'Series', 'Value', 'Raw metric crossed at', 'Time to detect', 'Ended at', 'Ended by'],
      ['1', '2026-11-17T00:23:00Z', 'recall', '0.89', '2026-11-17T00:20:00Z', '3m', '2026-11-17T00:41:00Z', 'recovered'],
    ]);
    // count is compared as a whole: no raw sample can cross its target.
    assert.deepEqual(tables.get('Summary: volume')!.find((r) => r[0] === 'Time to detect'), ['Time to detect', 'n/a: not defined for count']);
    assert.match(markdown, /^### volume\n\nNo breach\.$/m);
  });

  it('lists which action fired when, in time order', () => {
    assert.deepEqual(tables.get('Actions fired by SLO breaches'), [
      ['At', 'SLO', 'Action', 'Value', 'Series', 'Until'],
      ['2026-11-17T00:23:00Z', 'recall', 'degrade_to_safe_mode', '0.89', 'recall', '2026-11-17T00:41:00Z (recovered)'],
      ['2026-11-17T00:40:00Z', HOSTILE, 'kill_switch', '0.2', `${HOSTILE}{tenant="a<b>"}`, '2026-11-17T00:45:00Z (recovered)'],
    ]);
  });

  it('escapes names, series and paths so that they read literally and never break a table', () => {
    const source = 'runs/<img src=x>|`a`&amp;.jsonl';
    const hostile = replayMarkdown(replayOf([...HOUR, [60, 'unread|<b>', 1]], { source }));
    const { tree: parsed, tables: all } = read(hostile);
    assert.equal(headings(parsed)[0], `# Replay of ${source}`);
    assert.equal(all.get(`Summary: ${HOSTILE}`)![1][1], HOSTILE);
    assert.match(toString(parsed), /unread\|<b>: 1 sample, first at runs\/<img src=x>\|`a`&amp;\.jsonl:181/);
    // Every row has its header's cells; no HTML reaches the Markdown.
    for (const [caption, rows] of all) for (const row of rows) assert.equal(row.length, rows[0].length, caption);
    assert.doesNotMatch(hostile, /<(b|img)\b/);
    const html: string[] = [];
    const visit = (n: { type: string; children?: unknown[] }) => (n.type === 'html' ? html.push(n.type) : n.children?.forEach((c) => visit(c as typeof n)));
    visit(parsed);
    assert.deepEqual(html, []);
  });

  it('lists the first problems located as source:line: message, and the metrics no SLO reads with a suggestion', () => {
    const history = [...rows('recall', 3, () => 0.95), [3, 'recal', 0.9] as const, [1, 'recall', 0.95] as const];
    const text = replayMarkdown(replayOf(history, { policy: POLICY }));
    assert.match(text, /^- \*\*Problems:\*\* 1 \(1 error, 0 warnings\)\n {2}- h\.jsonl:5: error: 2026-11-17T00:01:00Z is earlier than the sample before it/m);
    assert.match(text, /^- \*\*Metrics no SLO reads:\*\* 1\n {2}- recal: 1 sample, first at h\.jsonl:4; did you mean recall\?$/m);
  });

  it('puts the what-if sweep first, the current threshold in bold, with a sentence of guidance', () => {
    const text = replayMarkdown(replayOf(HOUR, { whatIf: 'recall' }));
    const { tree: parsed, tables: all } = read(text);
    assert.deepEqual(headings(parsed).slice(0, 2), ['# What-if for recall over h.jsonl', '## What-if: recall']);
    const sweep = all.get('Threshold sweep: recall')!;
    assert.deepEqual(sweep[0], ['Target', 'Breaches', 'Time in breach', 'Time to detect (median)', 'Time to detect (max)', 'First breach']);
    assert.equal(sweep.length, 22);
    assert.deepEqual(sweep[11], ['>= 0.9 (current)', '1', '18m (30.5%)', '3m', '3m', '2026-11-17T00:23:00Z']);
    assert.match(text, /^\| \*\*>= 0\.9 \(current\)\*\* \| \*\*1\*\* \|/m);
    assert.match(text, /^recall \(mean over 10m, target >= 0\.9\) replayed at 21 thresholds\.$/m);
    // Every threshold up to 0.99 breaches once here: the tightest is the last, detecting at once but always in breach.
    assert.match(text, /^Every tighter threshold costs more than the current >= 0\.9 \(1 breach\): the nearest tighter one, >= 0\.909, breaches 1 time\.$/m);
  });

  it('says prominently that a cancelled replay covers only part of the history, and when nothing was evaluated', () => {
    const text = replayMarkdown(replayOf(HOUR, { cancelAfter: 90 }));
    assert.match(text, /^# Replay of h\.jsonl\n\n> \*\*Cancelled: the replay was stopped before the end of the history; this report covers it up to 2026-11-17T00:28:00Z only\.\*\*\n/);
    const empty = replayMarkdown(replayOf([]));
    assert.match(empty, /^- \*\*Period:\*\* nothing was evaluated: the history has no sample the replay could use\.$/m);
    assert.match(empty, /^### policy \(the policy as a whole\)\n\nThe policy as a whole: .*\n\nNothing was evaluated\.$/m);
  });

  it('says when the replay did not keep a flapping gate\'s later changes', () => {
    const flapping = rows('recall', 20, (i) => (i % 2 ? 0.5 : 0.95));
    const text = replayMarkdown(replayOf(flapping, { keep: 3, policy: POLICY.replace('window: "10m"', 'window: "1m"') }));
    assert.match(text, /^\*17 later changes were not kept by the replay \(a flapping gate\); the times in each decision still count them\.\*$/m);
    assert.match(text, /^\*7 later breaches were not kept by the replay; the totals above still count them\.\*$/m);
  });
});
