import type { Definition, Link } from 'mdast';
import type { DocumentLink, Range } from 'vscode-languageserver-types';
import type { ModelFolder } from '../../folder/model-folder';
import { descendants, rangeOfNode, type MarkdownFile } from '../../markdown/parse';
import { lineTarget } from './describe';
import { frontMatterSite, sloDeclarations, sloSites, type Site } from './sites';
import { markdownOf, type MarkdownSpec } from './spec';

/**
 * Links of a card or a note: its relative Markdown links, the card's `safety_slos:` to the policy, and (with
 * its folder) each SLO name to where the policy defines it.
 */
export function markdownLinks(spec: MarkdownSpec, folder?: ModelFolder): DocumentLink[] {
  const md = markdownOf(spec);
  return [...relativeLinks(md), ...policyLink(md), ...(folder ? sloLinks(spec, folder) : [])];
}

/** A URL with a scheme (`https:`, `mailto:`) or a host (`//cdn`) is the editor's to open; `#part` stays in the file. */
const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

function relativeLinks(md: MarkdownFile): DocumentLink[] {
  return [...descendants(md.tree)].flatMap((node) => {
    if ((node.type !== 'link' && node.type !== 'definition') || !node.url || ABSOLUTE.test(node.url) || node.url.startsWith('#')) return [];
    const target = resolve(node.url, md.document.uri);
    return target ? [{ range: urlRange(md, node), target }] : [];
  });
}

/** `href` against the document's URI; nothing when the URI cannot be a base (an untitled document). */
function resolve(href: string, base: string): string | undefined {
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

/** Where the URL is written (after `](` or `]:`); the whole link when it is written otherwise (escaped, encoded). */
function urlRange(md: MarkdownFile, node: Link | Definition): Range {
  const { document } = md;
  const whole = rangeOfNode(document, node);
  const source = document.getText(whole);
  const last = node.type === 'link' ? node.children.at(-1) : undefined;
  const textEnd = last ? document.offsetAt(rangeOfNode(document, last).end) - document.offsetAt(whole.start) : 0;
  const after = source.indexOf(node.type === 'link' ? '](' : ']:', textEnd);
  const at = after < 0 ? -1 : source.indexOf(node.url, after + 2);
  if (at < 0) return whole;
  const start = document.offsetAt(whole.start) + at;
  return { start: document.positionAt(start), end: document.positionAt(start + node.url.length) };
}

/** `safety_slos: safety-slos.yaml` in the front matter: the policy, relative to the card. */
function policyLink(md: MarkdownFile): DocumentLink[] {
  const node = md.frontMatter?.file.root?.fields.get('safety_slos')?.value;
  const site = node && frontMatterSite(md, node);
  if (!site || ABSOLUTE.test(site.name)) return [];
  const target = resolve(site.name, md.document.uri);
  return target ? [{ range: site.range, target, tooltip: 'The safety policy' }] : [];
}

function sloLinks(spec: MarkdownSpec, folder: ModelFolder): DocumentLink[] {
  // A name declared twice (slo/duplicate-name) links to its first declaration.
  const declarations = new Map<string, Site>();
  for (const { site } of sloDeclarations(folder)) if (!declarations.has(site.name)) declarations.set(site.name, site);
  return sloSites(spec, new Set(declarations.keys())).flatMap((site) => {
    const declared = declarations.get(site.name);
    return declared ? [{ range: site.range, target: lineTarget(declared.uri, declared.range), tooltip: `SLO ${site.name}` }] : [];
  });
}
