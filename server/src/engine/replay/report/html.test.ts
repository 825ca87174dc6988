import { strict as assert } from 'node:assert';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { replayHtml } from './html';
import { HOSTILE, HOUR, replayOf } from '../testing';

/** The document's text in order (entities decoded), as a reader or a screen reader gets it. */
function texts(html: string): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if (k === '#text') out.push(String(v));
        else if (k !== ':@') walk(v);
      }
    }
  };
  walk(new XMLParser({ preserveOrder: true, htmlEntities: true, ignoreAttributes: false, parseTagValue: false }).parse(html));
  return out;
}

const styleOf = (html: string) => /<style nonce="[^"]*">([\s\S]*?)<\/style>/.exec(html)![1];

describe('replayHtml', () => {
  const result = replayOf(HOUR);
  const html = replayHtml(result, { theme: 'standalone', nonce: 'n0nce+/=' });

  it('is one well-formed document with a strict Content-Security-Policy: no script, no remote resource, styles by nonce only', () => {
    assert.equal(XMLValidator.validate(html), true);
    assert.match(html, /^<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8"\/>\n/);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &apos;none&apos;; style-src &apos;nonce-n0nce\+\/=&apos;; img-src data:;"\/>/);
    const vscode = replayHtml(result, { theme: 'vscode', nonce: 'abc', cspSource: 'https://file+.vscode-resource.vscode-cdn.net' });
    const csp = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(vscode).html.head.meta.find((m: Record<string, string>) => m['http-equiv']);
    assert.equal(csp.content, "default-src 'none'; style-src 'nonce-abc' https://file+.vscode-resource.vscode-cdn.net; img-src data:;");
    for (const page of [html, vscode]) {
      assert.deepEqual([...page.matchAll(/<style\b[^>]*>/g)].map((m) => m[0]), [`<style nonce="${page === html ? 'n0nce+/=' : 'abc'}">`]);
      assert.doesNotMatch(page, /<script|\bon\w+=|\sstyle=|\b(src|href)=|url\(|@import/i);
    }
    assert.doesNotMatch(html, /https?:/);
  });

  it('draws a fresh random nonce when none is given', () => {
    const nonces = [1, 2].map(() => /style-src &apos;nonce-([A-Za-z0-9+/]{22}==)&apos;/.exec(replayHtml(result, { theme: 'standalone' }))![1]);
    assert.notEqual(nonces[0], nonces[1]);
    assert.match(replayHtml(result, { theme: 'standalone' }), new RegExp(`<style nonce="[A-Za-z0-9+/]{22}==">`));
  });

  it('says the same as the Markdown: summary, timeline chart, gates, SLOs and actions, in tables with captions and header scopes', () => {
    const text = texts(html);
    assert.deepEqual(text.slice(text.indexOf('Replay of h.jsonl', 1), text.indexOf('Replay of h.jsonl', 1) + 5), ['Replay of h.jsonl', 'Period', '2026-11-17T00:00:00Z to 2026-11-17T00:59:00Z (59m, UTC)', 'Evaluated', 'at every sample time (60 evaluations)']);
    for (const heading of ['Timeline', 'Gates', 'policy (the policy as a whole)', 'gate release', 'SLOs', 'recall', HOSTILE, 'Which action fired when']) assert.ok(text.includes(heading), heading);
    assert.match(html, /<table><caption>Time in each decision: policy<\/caption><thead><tr><th scope="col">Decision<\/th><th scope="col">Time<\/th><th scope="col">Share of the period<\/th><\/tr><\/thead><tbody><tr><th scope="row">kill_switch<\/th><td>5m<\/td><td>8.5%<\/td><\/tr>/);
    assert.match(html, /<tr><th scope="row">Time to detect<\/th><td>3m \(one breach\)<\/td><\/tr>/);
    assert.match(html, /<details open="open"><summary><h3 id="s0-0">policy \(the policy as a whole\)<\/h3><\/summary>\n<p>The policy as a whole: what would have fired, gate or not/);
    assert.match(html, /<figure><svg class="timeline" role="group"[^>]*><title id="timeline-title">/);
    assert.equal([...html.matchAll(/<rect class="seg [^"]*" role="img" tabindex="0"[^>]*><title>[^<]+<\/title><\/rect>/g)].length, 9);
  });

  it('escapes every name, series, reason and path: a hostile SLO label and source read literally and open no tag', () => {
    const source = 'runs/<script>alert(1)</script>&"\'.jsonl';
    const page = replayHtml(replayOf(HOUR, { source }), { theme: 'standalone', title: 'Replay <b>"q"</b>' });
    assert.equal(XMLValidator.validate(page), true);
    assert.doesNotMatch(page, /<script|<b>/);
    const text = texts(page);
    assert.ok(text.includes('Replay <b>"q"</b>'), 'the title');
    assert.ok(text.includes(HOSTILE), 'the SLO label');
    assert.ok(text.includes(`${HOSTILE}{tenant="a<b>"}`), 'the series key');
    assert.ok(text.some((t) => t.startsWith(`${HOSTILE} breached: max over 5m 0.2 > 0.05 on`)), 'the reason');
    assert.match(page, /<title>Replay &lt;b&gt;"q"&lt;\/b&gt;<\/title>/);
  });

  it('marks the current threshold in the what-if table and gives its guidance', () => {
    const page = replayHtml(replayOf(HOUR, { whatIf: 'recall' }), { theme: 'standalone' });
    assert.match(page, /<h2 id="s0">What-if: recall<\/h2>/);
    assert.match(page, /<caption>Threshold sweep: recall<\/caption><thead><tr><th scope="col">Target<\/th><th scope="col">Breaches<\/th><th scope="col">Time in breach<\/th><th scope="col">Time to detect \(median\)<\/th><th scope="col">Time to detect \(max\)<\/th><th scope="col">First breach<\/th><\/tr><\/thead>/);
    assert.deepEqual([...page.matchAll(/<tr class="current">(.*?)<\/tr>/g)].map((m) => m[1]), ['<th scope="row">&gt;= 0.9 (current)</th><td>1</td><td>18m (30.5%)</td><td>3m</td><td>3m</td><td>2026-11-17T00:23:00Z</td>']);
    assert.match(page, /<p>Every tighter threshold costs more than the current &gt;= 0.9 \(1 breach\): the nearest tighter one, &gt;= 0.909, breaches 1 time\.<\/p>/);
  });

  it('shows a cancelled replay prominently, first thing after the title', () => {
    const page = replayHtml(replayOf(HOUR, { cancelAfter: 90 }), { theme: 'vscode' });
    assert.match(page, /<main><h1>Replay of h.jsonl<\/h1>\n<p class="banner" role="alert"><strong>Cancelled: the replay was stopped before the end of the history; this report covers it up to 2026-11-17T00:28:00Z only\.<\/strong><\/p>/);
    assert.doesNotMatch(html, /class="banner"/);
  });

  it('takes its colours from VS Code\'s theme in a webview, and from its own light and dark palettes standalone', () => {
    const vscode = styleOf(replayHtml(result, { theme: 'vscode' }));
    assert.doesNotMatch(vscode, /#[0-9a-f]{3,8}\b|rgb|hsl/i);
    for (const variable of ['editor-foreground', 'editor-background', 'focusBorder', 'font-family', 'charts-green', 'charts-orange', 'charts-red', 'charts-purple']) {
      assert.match(vscode, new RegExp(`var\\(--vscode-${variable}\\)`), variable);
    }
    const standalone = styleOf(html);
    assert.match(standalone, /@media \(prefers-color-scheme: dark\)/);
    assert.doesNotMatch(standalone, /--vscode-/);
    // Each decision class the chart uses has a colour, and a focused segment an outline.
    for (const cls of ['pass', 'block', 'error', 'alert', 'degrade_to_safe_mode', 'kill_switch']) assert.match(vscode, new RegExp(`\\.d-${cls} \\{ fill: var\\(--d-${cls}\\); \\}`));
    assert.match(vscode, /\.timeline \.seg:focus \{ outline: 2px solid var\(--focus\)/);
    assert.match(vscode, /\.timeline \.seg:focus \+ \.tip/);
  });
});
