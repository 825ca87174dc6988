export { markdownCompletion } from './completion';
export { markdownHover } from './hover';
export { markdownLinks } from './links';
export type { MarkdownSpec } from './spec';
export { markdownSymbols } from './symbols';
