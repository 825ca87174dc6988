/**
 * Text shown literally in one line of GitHub-flavoured Markdown, a table cell included: backslashes, pipes and
 * backticks escaped, so a value cannot break its cell or open a code span; `&` escaped, so `&lt;` stays as written;
 * `<` escaped, so it cannot open an HTML tag or comment that hides what follows from the reader; line breaks flattened.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\|`&]/g, '\\$&').replace(/</g, '&lt;').replace(/\r?\n/g, ' ');
}
