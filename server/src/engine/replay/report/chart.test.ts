import { strict as assert } from 'node:assert';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { timelineSvg } from './chart';
import { HOSTILE, HOUR, POLICY, replayOf, rows } from '../testing';

const decode = (s: string) => new XMLParser({ htmlEntities: true }).parse(`<t>${s}</t>`).t as string;

/** The focusable segments, in document order: their classes and what they read out. */
function segments(svg: string): { cls: string; title: string }[] {
  return [...svg.matchAll(/<rect class="seg ([^"]*)" role="img" tabindex="0"[^>]*><title>([^<]*)<\/title><\/rect><text class="tip"[^>]*>([^<]*)<\/text>/g)].map((m) => {
    assert.equal(m[3], m[2], 'the readout says what the title says');
    return { cls: m[1], title: decode(m[2]) };
  });
}

describe('timelineSvg', () => {
  const svg = timelineSvg(replayOf(HOUR));

  it('is well-formed, labelled by its title and description, and needs no script or remote resource', () => {
    assert.equal(XMLValidator.validate(svg), true);
    assert.match(svg, /^<svg class="timeline" role="group" aria-labelledby="timeline-title" aria-describedby="timeline-desc" viewBox="0 0 960 \d+"/);
    assert.match(svg, /<title id="timeline-title">Timeline of decisions and SLO breaches<\/title><desc id="timeline-desc">Decisions of 2 gates and breaches of 3 SLOs from 2026-11-17T00:00:00Z to 2026-11-17T00:59:00Z \(UTC\)\./);
    assert.doesNotMatch(svg, /<script|https?:|style=/);
  });

  it('draws a focusable segment per decision of each gate, then per breach of each SLO, each saying decision, from and to', () => {
    assert.deepEqual(segments(svg), [
      { cls: 'd-pass', title: 'policy (the policy as a whole): pass from 2026-11-17T00:00:00Z to 2026-11-17T00:23:00Z (23m)' },
      { cls: 'd-degrade_to_safe_mode', title: 'policy (the policy as a whole): degrade_to_safe_mode from 2026-11-17T00:23:00Z to 2026-11-17T00:40:00Z (17m)' },
      { cls: 'd-kill_switch', title: 'policy (the policy as a whole): kill_switch from 2026-11-17T00:40:00Z to 2026-11-17T00:45:00Z (5m)' },
      { cls: 'd-pass', title: 'policy (the policy as a whole): pass from 2026-11-17T00:45:00Z to 2026-11-17T00:59:00Z (14m)' },
      { cls: 'd-pass', title: 'gate release: pass from 2026-11-17T00:00:00Z to 2026-11-17T00:23:00Z (23m)' },
      { cls: 'd-degrade_to_safe_mode', title: 'gate release: degrade_to_safe_mode from 2026-11-17T00:23:00Z to 2026-11-17T00:41:00Z (18m)' },
      { cls: 'd-pass', title: 'gate release: pass from 2026-11-17T00:41:00Z to 2026-11-17T00:59:00Z (18m)' },
      { cls: 'd-degrade_to_safe_mode', title: 'recall breached (degrade_to_safe_mode) from 2026-11-17T00:23:00Z to 2026-11-17T00:41:00Z (18m): recovered' },
      { cls: 'd-kill_switch', title: `${HOSTILE} breached (kill_switch) from 2026-11-17T00:40:00Z to 2026-11-17T00:45:00Z (5m): recovered` },
    ]);
    // Labels of every band, the hostile one escaped.
    assert.match(svg, /<title>tox &lt;b&gt;&amp;"x\|`y`<\/title>tox &lt;b&gt;&amp;"x\|`y`<\/text>/);
    assert.doesNotMatch(svg, /<b>/);
  });

  it('places segments in time: a segment\'s width is its share of the period', () => {
    const widths = [...svg.matchAll(/<rect class="seg d-pass"[^>]* x="([\d.]+)"[^>]* width="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    const plot = 960 - 220 - 16;
    assert.deepEqual(widths[0], [220, Math.round((23 / 59) * plot * 10) / 10]);
  });

  it('marks UTC ticks at a round interval and a legend of the decisions drawn', () => {
    const ticks = [...svg.matchAll(/<text class="tick"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    assert.deepEqual(ticks, ['00:00', '00:10', '00:20', '00:30', '00:40', '00:50', 'UTC']);
    const legend = [...svg.matchAll(/<rect class="(d-[\w]+)"[^>]*\/><text[^>]*><title>([^<]*)<\/title>/g)].map((m) => [m[1], m[2]]);
    assert.deepEqual(legend, [['d-pass', 'pass'], ['d-degrade_to_safe_mode', 'degrade_to_safe_mode'], ['d-kill_switch', 'kill_switch']]);
    const tickLabels = (minutes: number) => [...timelineSvg(replayOf([[0, 'recall', 0.95], [minutes, 'recall', 0.95]])).matchAll(/<text class="tick"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    assert.deepEqual(tickLabels(6 * 24 * 60), ['2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', 'UTC']);
    // Across midnight, hours say their day.
    assert.deepEqual(tickLabels(30 * 60).slice(0, 3), ['11-17 00:00', '11-17 06:00', '11-17 12:00']);
  });

  it('colours a custom action by the rung it ranks with, and names it in the legend', () => {
    const custom = POLICY.replace('slos:', 'actions:\n  revert_model:\n    severity: rollback\n    description: "Roll back."\nslos:').replace('action_on_breach: degrade_to_safe_mode', 'action_on_breach: revert_model');
    const drawn = timelineSvg(replayOf(HOUR, { policy: custom }));
    assert.ok(segments(drawn).some((s) => s.cls === 'd-rollback' && s.title.startsWith('policy (the policy as a whole): revert_model (ranks with rollback) from 2026-11-17T00:23:00Z')));
    assert.match(drawn, /<rect class="d-rollback"[^>]*\/><text[^>]*><title>revert_model \(ranks with rollback\)<\/title>/);
  });

  it('merges changes too close to draw apart into one segment of the most severe, so each stays visible and reachable', () => {
    // A week of calm, then a minute-by-minute flap: the flap is far narrower than a pixel per change.
    const flap = [...rows('recall', 40, (i) => (i % 2 ? 0.5 : 0.95)), [7 * 24 * 60, 'recall', 0.95] as const];
    const drawn = segments(timelineSvg(replayOf(flap, { policy: POLICY.replace('window: "10m"', 'window: "1m"') })));
    const policy = drawn.filter((s) => s.title.startsWith('policy'));
    // 40 changes in the first 40 minutes of a week: a few segments, each at least 2px wide.
    assert.equal(policy.length, 4);
    assert.deepEqual(policy[0], {
      cls: 'd-degrade_to_safe_mode mixed',
      title: 'policy (the policy as a whole): 27 decisions from 2026-11-17T00:00:00Z to 2026-11-17T00:27:00Z, too close to draw apart; the most severe: degrade_to_safe_mode',
    });
    assert.match(drawn.find((s) => s.title.startsWith('recall'))!.title, /^recall: 14 breaches from 2026-11-17T00:01:00Z to 2026-11-17T00:28:00Z, too close to draw apart; the most severe: degrade_to_safe_mode$/);
  });

  it('shows what the replay did not keep as unknown, and says when nothing was evaluated', () => {
    const flapping = rows('recall', 20, (i) => (i % 2 ? 0.5 : 0.95));
    const drawn = segments(timelineSvg(replayOf(flapping, { keep: 3, policy: POLICY.replace('window: "10m"', 'window: "1m"') })));
    assert.deepEqual(drawn.filter((s) => s.cls === 'd-unknown').map((s) => s.title), [
      'policy (the policy as a whole): pass from 2026-11-17T00:02:00Z, then 17 changes not kept by the replay',
      'gate release: pass from 2026-11-17T00:02:00Z, then 17 changes not kept by the replay',
      'recall: 7 later breaches from 2026-11-17T00:06:00Z not kept by the replay',
    ]);
    const empty = timelineSvg(replayOf([]));
    assert.match(empty, /role="img"[^>]*><title id="timeline-title">[^<]*<\/title><text[^>]*>Nothing was evaluated\.<\/text><\/svg>$/);
  });
});
