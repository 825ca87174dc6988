import type { Hover, Position, Range } from 'vscode-languageserver-types';
import type { ModelCard } from '../../card/model-card';
import type { ModelFolder } from '../../folder/model-folder';
import { neverEvents } from '../../rules/card/never-events';
import { ALL_NEVER_EVENTS_SLO, nameRange, policyFileNames } from '../../rules/model/folder-slos';
import { docUrl } from '../../rules/rule';
import { sloObjective, sloSummary, whereLink } from './describe';
import { expectedSections } from './headings';
import { contains, coveringSlos, neverEventIdSites, sloDeclarations, sloSites } from './sites';
import type { MarkdownSpec } from './spec';

/** Over an SLO name: the SLO; over a never event: what covers it; over an expected heading: what its section must say. */
export function markdownHover(spec: MarkdownSpec, position: Position, folder?: ModelFolder): Hover | undefined {
  const found = (folder && sloHover(spec, position, folder)) ?? (spec.kind === 'card' ? neverEventHover(spec.card, position, folder) : undefined) ?? headingHover(spec, position);
  return found && { contents: { kind: 'markdown', value: found.text }, range: found.range };
}

interface Found {
  readonly text: string;
  readonly range: Range;
}

function sloHover(spec: MarkdownSpec, position: Position, folder: ModelFolder): Found | undefined {
  const declarations = sloDeclarations(folder);
  const site = sloSites(spec, new Set(declarations.map((d) => d.site.name))).find((s) => contains(s.range, position));
  if (!site) return undefined;
  const slos = declarations.filter((d) => d.site.name === site.name);
  if (slos.length === 0) return { text: `\`${site.name}\` is not an SLO of the policy (${policyFileNames(folder)}).`, range: site.range };
  const described = slos.map((slo) => {
    const objective = sloObjective(slo);
    return [objective, `\`${sloSummary(slo)}\``, `Defined in ${whereLink(slo.site.uri, slo.site.range)}`].filter(Boolean).join('\n\n');
  });
  return { text: [`**${site.name}** (SLO)`, ...described].join('\n\n'), range: site.range };
}

function neverEventHover(card: ModelCard, position: Position, folder: ModelFolder | undefined): Found | undefined {
  for (const event of neverEvents(card)) {
    const id = neverEventIdSites(card, event).find((site) => contains(site.range, position));
    if (!id && !contains(event.range, position)) continue;
    const origin = event.explicit ? '' : ` (a slug of its text: give it an explicit id, such as \`NE-1\`, so that SLOs keep referring to it when the text changes)`;
    const lines = [`**Never event \`${event.id}\`**${origin}`, event.text];
    if (folder) {
      const covering = coveringSlos(folder, event.id);
      lines.push(
        covering.length
          ? `Covered by ${covering.map((s) => `\`${s.slo.name ?? 'an unnamed SLO'}\` (${whereLink(s.file.document.uri, nameRange(s))})`).join(', ')}.`
          : `Not covered by any SLO: list \`${event.id}\` in the \`never_events\` of an SLO with target \`== 0\` and an action at least as severe as \`rollback\` (or name it \`${ALL_NEVER_EVENTS_SLO}\`).`,
      );
    }
    return { text: lines.join('\n\n'), range: id?.range ?? event.range };
  }
  return undefined;
}

function headingHover(spec: MarkdownSpec, position: Position): Found | undefined {
  const expected = expectedSections(spec).find((e) => e.section && contains(e.section.heading, position));
  if (!expected?.section) return undefined;
  const rules = expected.rules.map((meta) => `${meta.description} ([${meta.id}](${docUrl(meta)}))`);
  const synonyms = expected.synonyms.length ? [`Also written as: ${expected.synonyms.join(', ')}.`] : [];
  return { text: [`**${expected.heading}**`, ...rules, ...synonyms].join('\n\n'), range: expected.section.heading };
}
