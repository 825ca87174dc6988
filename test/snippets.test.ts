// The snippets contributed for YAML (snippets/safety-slos.code-snippets): each one, expanded the way
// VS Code would with its default values (and with every alternative of every choice), must be valid
// YAML of the policy format, and the expanded whole policy must pass the linter with no finding.
// The Markdown snippets (snippets/markdown.json), expanded so, must be a model card and a deliberation
// note with no finding of their own.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseDocument } from 'yaml';
import { analyze } from '../server/src/engine';
import { analyzeCard } from '../server/src/engine/card';
import { today } from '../server/src/engine/dates';
import { hasCardFrontMatter } from '../server/src/engine/folder';
import { analyzeNote } from '../server/src/engine/note';
import { neverEvents } from '../server/src/engine/rules/card/never-events';
import { parseWindow } from '../server/src/engine/duration';
import { LADDER } from '../server/src/engine/ladder';
import { COMPARATORS, parseTarget } from '../server/src/engine/target';

const SNIPPETS_FILE = path.resolve(__dirname, '..', 'snippets', 'safety-slos.code-snippets');
const MARKDOWN_SNIPPETS_FILE = path.resolve(__dirname, '..', 'snippets', 'markdown.json');
const SLO_KEYS = ['name', 'objective', 'target', 'window', 'action_on_breach'];

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description: string;
}

interface Expansion {
  text: string;
  /** The alternatives of each choice tab stop (`${N|a,b|}`), by tab stop number. */
  choices: Map<number, string[]>;
}

/**
 * Expands a snippet body as VS Code inserts it when every tab stop is left alone: `${N:text}` gives
 * its text (placeholders may nest), `${N|a,b|}` its first alternative (or the one `pick` names),
 * `$N` / `${N}` nothing, a variable `$NAME` its value in `variables`. Any other variable fails the test.
 */
function expand(body: string, pick: ReadonlyMap<number, number> = new Map(), variables: ReadonlyMap<string, string> = new Map()): Expansion {
  const choices = new Map<number, string[]>();
  let i = 0;

  function readNumber(): number {
    const start = i;
    while (i < body.length && /[0-9]/.test(body[i]!)) i++;
    assert.ok(i > start, `expected a tab stop number at ${start} in ${JSON.stringify(body)}`);
    return Number(body.slice(start, i));
  }

  // Reads until an unescaped `}` (consumed) when nested, or to the end.
  function readText(nested: boolean): string {
    let out = '';
    while (i < body.length) {
      const c = body[i]!;
      if (c === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1]!)) {
        out += body[i + 1];
        i += 2;
      } else if (c === '}' && nested) {
        i++;
        return out;
      } else if (c === '$' && /[0-9]/.test(body[i + 1] ?? '')) {
        i++;
        readNumber();
      } else if (c === '$' && body[i + 1] === '{') {
        i += 2;
        const n = readNumber();
        const next = body[i++];
        if (next === '}') continue;
        if (next === ':') {
          out += readText(true);
        } else if (next === '|') {
          const alternatives = [''];
          while (!(body[i] === '|' && body[i + 1] === '}')) {
            assert.ok(i < body.length, `unterminated choice in ${JSON.stringify(body)}`);
            if (body[i] === '\\' && i + 1 < body.length) {
              alternatives[alternatives.length - 1] += body[i + 1];
              i += 2;
            } else if (body[i] === ',') {
              alternatives.push('');
              i++;
            } else {
              alternatives[alternatives.length - 1] += body[i++];
            }
          }
          i += 2;
          choices.set(n, alternatives);
          out += alternatives[pick.get(n) ?? 0];
        } else {
          assert.fail(`unsupported snippet syntax \${${n}${next} in ${JSON.stringify(body)}`);
        }
      } else if (c === '$' && /[A-Z_]/.test(body[i + 1] ?? '')) {
        const name = /^[A-Z_]+/.exec(body.slice(i + 1))![0];
        const value = variables.get(name);
        assert.ok(value !== undefined, `unexpected variable $${name} in ${JSON.stringify(body)}`);
        out += value;
        i += 1 + name.length;
      } else if (c === '$') {
        assert.fail(`stray $ in ${JSON.stringify(body.slice(i))}`);
      } else {
        out += c;
        i++;
      }
    }
    assert.ok(!nested, `unterminated placeholder in ${JSON.stringify(body)}`);
    return out;
  }

  const text = readText(false);
  return { text, choices };
}

const bodyOf = (s: Snippet): string => (Array.isArray(s.body) ? s.body.join('\n') : s.body);
const prefixesOf = (s: Snippet): string[] => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]);

function parseYaml(text: string, label: string): unknown {
  const doc = parseDocument(text);
  assert.deepEqual(doc.errors.map((e) => e.message), [], `${label}: YAML errors in\n${text}`);
  assert.deepEqual(doc.warnings.map((e) => e.message), [], `${label}: YAML warnings in\n${text}`);
  return doc.toJS();
}

/** Puts an SLO list item into a minimal policy, indented under `slos:`. */
function asPolicy(sloItem: string): string {
  const item = sloItem.replace(/\n+$/, '').split('\n').map((l) => (l === '' ? l : `  ${l}`)).join('\n');
  return `version: 1\nmodel: snippet-test\nslos:\n${item}\n`;
}

function findingsOf(policy: string): string[] {
  const document = TextDocument.create('file:///workspace/safety-slos.yaml', 'yaml', 1, policy);
  return analyze(document).findings.map((f) => `${f.rule} (${f.severity}): ${f.message}`);
}

function assertSlo(value: unknown, label: string): Record<string, unknown> {
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${label}: an SLO is a mapping`);
  const slo = value as Record<string, unknown>;
  assert.deepEqual(Object.keys(slo), SLO_KEYS, `${label}: SLO keys`);
  for (const key of SLO_KEYS) assert.equal(typeof slo[key], 'string', `${label}: ${key} is a string`);
  const target = parseTarget(slo.target as string);
  assert.ok(target.ok, `${label}: target ${JSON.stringify(slo.target)} does not parse`);
  const window = parseWindow(slo.window as string);
  assert.ok(window.ok, `${label}: window ${JSON.stringify(slo.window)} does not parse`);
  assert.ok((LADDER as readonly string[]).includes(slo.action_on_breach as string), `${label}: action ${JSON.stringify(slo.action_on_breach)} is on the ladder`);
  return slo;
}

/** Expands with each alternative of each choice in turn; every expansion must still be valid YAML. */
function forEveryChoice(body: string, visit: (expansion: Expansion, label: string) => void, variables?: ReadonlyMap<string, string>): void {
  const { choices } = expand(body, undefined, variables);
  visit(expand(body, undefined, variables), 'defaults');
  for (const [stop, alternatives] of choices) {
    alternatives.forEach((alternative, index) => visit(expand(body, new Map([[stop, index]]), variables), `\${${stop}} = ${JSON.stringify(alternative)}`));
  }
}

describe('snippets/safety-slos.code-snippets', () => {
  const raw = readFileSync(SNIPPETS_FILE, 'utf8');
  const snippets = JSON.parse(raw) as Record<string, Snippet>; // plain JSON, no comments
  const byPrefix = (prefix: string): Snippet => {
    const found = Object.values(snippets).filter((s) => prefixesOf(s).includes(prefix));
    assert.equal(found.length, 1, `exactly one snippet with prefix "${prefix}"`);
    return found[0]!;
  };

  it('is plain JSON with a prefix, a description and a body for every snippet', () => {
    assert.ok(Object.keys(snippets).length >= 3);
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(prefixesOf(s).length > 0 && prefixesOf(s).every((p) => typeof p === 'string' && p.length > 0), `${name}: prefix`);
      assert.ok(typeof s.description === 'string' && s.description.length > 0, `${name}: description`);
      assert.ok(typeof bodyOf(s) === 'string' && bodyOf(s).length > 0, `${name}: body`);
      assert.doesNotMatch(bodyOf(s), /\t/, `${name}: indent with spaces (YAML forbids tabs)`);
    }
  });

  it('expands every snippet, with every choice, to valid YAML', () => {
    for (const [name, s] of Object.entries(snippets)) {
      forEveryChoice(bodyOf(s), ({ text }, label) => {
        assert.doesNotMatch(text, /\$/, `${name} (${label}): a tab stop was left in\n${text}`);
        parseYaml(text, `${name} (${label})`);
      });
    }
  });

  describe('"slo": a new SLO list item', () => {
    const body = bodyOf(byPrefix('slo'));

    it('expands to one SLO with name, objective, target, window and action_on_breach', () => {
      forEveryChoice(body, ({ text }, label) => {
        const value = parseYaml(text, label);
        assert.ok(Array.isArray(value) && value.length === 1, `${label}: one list item`);
        assertSlo(value[0], label);
      });
    });

    it('offers every comparator, the built-in ladder in order and windows the linter accepts', () => {
      const { choices } = expand(body);
      const lists = [...choices.values()];
      assert.ok(lists.some((l) => l.join() === COMPARATORS.join()), `a comparator choice (${COMPARATORS.join(' ')})`);
      assert.ok(lists.some((l) => l.join() === LADDER.join()), `an action choice with the whole ladder (${LADDER.join(' ')})`);
      const windows = lists.find((l) => l.includes('rolling'));
      assert.ok(windows, 'a window choice');
      for (const w of windows) assert.ok(parseWindow(w).ok, `window choice ${w}`);
    });

    it('expands, with its defaults, to an SLO the linter has nothing to say about', () => {
      assert.deepEqual(findingsOf(asPolicy(expand(body).text)), []);
    });
  });

  describe('"safety-slos": a whole policy file', () => {
    const body = bodyOf(byPrefix('safety-slos'));

    it('expands to version 1, a model and one SLO', () => {
      forEveryChoice(body, ({ text }, label) => {
        const value = parseYaml(text, label) as Record<string, unknown>;
        assert.deepEqual(Object.keys(value), ['version', 'model', 'slos'], `${label}: top-level keys`);
        assert.equal(value.version, 1);
        assert.equal(typeof value.model, 'string');
        assert.ok(Array.isArray(value.slos) && value.slos.length === 1, `${label}: one SLO`);
        assertSlo(value.slos[0], label);
      });
    });

    it('expands, with its defaults, to a policy the linter has nothing to say about', () => {
      assert.deepEqual(findingsOf(expand(body).text), []);
    });
  });

  describe('"never-event": a never-event SLO', () => {
    const body = bodyOf(byPrefix('never-event'));

    it('expands to target "== 0", window "rolling" and rollback or kill_switch', () => {
      const { choices } = expand(body);
      const actions = [...choices.values()].find((l) => l.includes('kill_switch'));
      assert.deepEqual([...(actions ?? [])].sort(), ['kill_switch', 'rollback']);
      forEveryChoice(body, ({ text }, label) => {
        const value = parseYaml(text, label);
        assert.ok(Array.isArray(value) && value.length === 1, `${label}: one list item`);
        const slo = assertSlo(value[0], label);
        assert.equal(slo.target, '== 0');
        assert.equal(slo.window, 'rolling');
        assert.ok(['rollback', 'kill_switch'].includes(slo.action_on_breach as string));
      });
    });

    it('is recognised as a never event and satisfies the never-event rules with either action', () => {
      forEveryChoice(body, ({ text }, label) => {
        assert.deepEqual(findingsOf(asPolicy(text)), [], label);
        // A milder action must be caught, which shows the SLO is taken for a never event.
        const milder = findingsOf(asPolicy(text.replace(/action_on_breach: "\w+"/, 'action_on_breach: "page"')));
        assert.ok(milder.some((f) => f.startsWith('never-event/action-severity')), `${label}: ${milder.join('; ')}`);
      });
    });
  });

  describe('the expansion helper used above', () => {
    it('takes defaults, first choices and nested placeholders, and drops bare tab stops', () => {
      assert.equal(expand('a: ${1:x ${2:y}} $0').text, 'a: x y ');
      assert.equal(expand('b: "${3|>=,<=|} ${4:0.5}"$1${2}').text, 'b: ">= 0.5"');
      assert.equal(expand('b: "${3|>=,<=|}"', new Map([[3, 1]])).text, 'b: "<="');
      assert.equal(expand('c: \\$5 ${1|a\\,b,c|}').text, 'c: $5 a,b');
      assert.equal(expand('d: ${1:$CURRENT_YEAR-12}', undefined, new Map([['CURRENT_YEAR', '2026']])).text, 'd: 2026-12');
      assert.throws(() => expand('e: $TM_FILENAME'), /unexpected variable \$TM_FILENAME/);
    });
  });
});

describe('snippets/markdown.json', () => {
  const snippets = JSON.parse(readFileSync(MARKDOWN_SNIPPETS_FILE, 'utf8')) as Record<string, Snippet>;
  const byPrefix = (prefix: string): string => {
    const found = Object.values(snippets).filter((s) => prefixesOf(s).includes(prefix));
    assert.equal(found.length, 1, `exactly one snippet with prefix "${prefix}"`);
    return bodyOf(found[0]!);
  };
  // The day the test runs, in UTC as the note rules judge it; VS Code fills these from the local clock.
  const day = today();
  const DATE = new Map([['CURRENT_YEAR', day.slice(0, 4)], ['CURRENT_MONTH', day.slice(5, 7)], ['CURRENT_DATE', day.slice(8, 10)]]);
  const expanded = (prefix: string) => expand(byPrefix(prefix), undefined, DATE).text;

  const cardOf = (text: string) => analyzeCard(TextDocument.create('file:///workspace/model/MODEL_CARD.md', 'markdown', 1, text));
  const noteOf = (text: string) => analyzeNote(TextDocument.create('file:///workspace/model/deliberation-note.md', 'markdown', 1, text), { today: day });
  const rulesOf = (findings: readonly { rule: string; message: string }[]) => findings.map((f) => `${f.rule}: ${f.message}`);

  /** `text` with the list items of its `## heading` section replaced by `items`: a snippet for one item, tried in a whole file. */
  function withItems(text: string, heading: string, items: string): string {
    const lines = text.split('\n');
    const start = lines.indexOf(`## ${heading}`);
    assert.ok(start >= 0, `no "## ${heading}" in\n${text}`);
    const end = lines.findIndex((l, i) => i > start && l.startsWith('#'));
    const section = lines.slice(start, end < 0 ? undefined : end);
    const first = section.findIndex((l) => l.startsWith('- '));
    assert.ok(first >= 0, `"## ${heading}" has no list`);
    const kept = section.filter((l) => !l.startsWith('- '));
    kept.splice(first, 0, items);
    return [...lines.slice(0, start), ...kept, ...(end < 0 ? [] : lines.slice(end))].join('\n');
  }

  it('is plain JSON with a prefix, a description and a body for every snippet', () => {
    assert.deepEqual(Object.values(snippets).flatMap(prefixesOf).sort(), ['action-owner', 'deliberation-note', 'model-card', 'never-event', 'safety-card', 'safety-note']);
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(typeof s.description === 'string' && s.description.length > 0, `${name}: description`);
      assert.ok(bodyOf(s).length > 0, `${name}: body`);
      forEveryChoice(bodyOf(s), ({ text }, label) => assert.doesNotMatch(text, /\$/, `${name} (${label}): a tab stop was left in\n${text}`), DATE);
    }
  });

  describe('"safety-card": a whole model card', () => {
    it('expands, with its defaults, to a card the card rules have nothing to say about', () => {
      assert.deepEqual(rulesOf(cardOf(expanded('safety-card')).findings), []);
    });

    it('lists two never events with explicit ids, says what safe mode is, and is a card even as a README', () => {
      const { card } = cardOf(expanded('safety-card'));
      assert.deepEqual(neverEvents(card).map((e) => [e.id, e.explicit]), [['NE-1', true], ['NE-2', true]]);
      assert.match(expanded('safety-card'), /^## Safe mode$/m);
      assert.ok(hasCardFrontMatter(card), 'its front matter makes a README.md a model card');
    });
  });

  describe('"safety-note": a whole deliberation note', () => {
    it('expands, with its defaults and with each decision, to a note the note rules have nothing to say about', () => {
      forEveryChoice(byPrefix('safety-note'), ({ text }, label) => assert.deepEqual(rulesOf(noteOf(text).findings), [], label), DATE);
    });

    it('is dated today, has three reviewers of three roles and one action with an owner', () => {
      const { note } = noteOf(expanded('safety-note'));
      assert.equal(note.frontMatter?.file.root?.fields.get('date')?.value?.toString(), day);
      assert.deepEqual(note.reviewers.map((r) => r.role), ['product', 'ML', 'SRE']);
      assert.deepEqual(note.actions.map((a) => a.owner), ['@owner']);
    });
  });

  describe('"never-event": one never event of a card', () => {
    const card = expanded('safety-card');

    it('is a never event with an explicit id and no finding', () => {
      const text = withItems(card, 'Never events', expanded('never-event'));
      const analysis = cardOf(text);
      assert.deepEqual(rulesOf(analysis.findings), []);
      assert.deepEqual(neverEvents(analysis.card).map((e) => [e.id, e.explicit]), [['NE-1', true]]);
    });

    it('is checked by card/never-events (it is found when it is not a "never" statement)', () => {
      const text = withItems(card, 'Never events', expanded('never-event').replace('Never act', 'Act'));
      assert.ok(cardOf(text).findings.some((f) => f.rule === 'card/never-events'));
    });
  });

  describe('"action-owner": one action of a note', () => {
    const note = expanded('safety-note');

    it('is an action with an owner and no finding', () => {
      const analysis = noteOf(withItems(note, 'Decision and actions', expanded('action-owner')));
      assert.deepEqual(rulesOf(analysis.findings), []);
      assert.deepEqual(analysis.note.actions.map((a) => a.owner), ['@owner']);
    });

    it('is checked by note/action-owner (it is found when the owner is removed)', () => {
      const text = withItems(note, 'Decision and actions', expanded('action-owner').replace(/ — owner: @\w+/, ''));
      assert.ok(noteOf(text).findings.some((f) => f.rule === 'note/action-owner'));
    });
  });
});
