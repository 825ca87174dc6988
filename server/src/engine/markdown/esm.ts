/**
 * The unified Markdown packages ship as ES modules only, and the engine compiles to CommonJS (module node16),
 * where TypeScript refuses `import` of an ES module. Node 20.19+ can `require` them (and esbuild bundles them),
 * so they are required here, once, and typed from their own declarations through type-only imports.
 */
import type { fromMarkdown as FromMarkdown } from 'mdast-util-from-markdown' with { 'resolution-mode': 'import' };
import type { frontmatterFromMarkdown as FrontmatterFromMarkdown } from 'mdast-util-frontmatter' with { 'resolution-mode': 'import' };
import type { gfmFromMarkdown as GfmFromMarkdown } from 'mdast-util-gfm' with { 'resolution-mode': 'import' };
import type { toString as ToString } from 'mdast-util-to-string' with { 'resolution-mode': 'import' };
import type { frontmatter as Frontmatter } from 'micromark-extension-frontmatter' with { 'resolution-mode': 'import' };
import type { gfm as Gfm } from 'micromark-extension-gfm' with { 'resolution-mode': 'import' };

/* eslint-disable @typescript-eslint/no-require-imports -- ES-module-only packages, see above */
export const { fromMarkdown } = require('mdast-util-from-markdown') as { fromMarkdown: typeof FromMarkdown };
export const { frontmatterFromMarkdown } = require('mdast-util-frontmatter') as { frontmatterFromMarkdown: typeof FrontmatterFromMarkdown };
export const { gfmFromMarkdown } = require('mdast-util-gfm') as { gfmFromMarkdown: typeof GfmFromMarkdown };
export const { toString } = require('mdast-util-to-string') as { toString: typeof ToString };
export const { frontmatter } = require('micromark-extension-frontmatter') as { frontmatter: typeof Frontmatter };
export const { gfm } = require('micromark-extension-gfm') as { gfm: typeof Gfm };
/* eslint-enable @typescript-eslint/no-require-imports */
