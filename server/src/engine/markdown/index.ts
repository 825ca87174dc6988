export { codeSpans, descendants, findSection, headingKey, parseMarkdown, plainText, rangeOfNode, type FrontMatter, type MarkdownFile, type Section } from './parse';
