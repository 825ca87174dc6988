import type { Rule } from '../../rule';

/** Policies are small; a file past this is almost surely not a policy, and parsing it would stall the editor. */
export const MAX_POLICY_BYTES = 4 * 1024 * 1024;

export const rule: Rule = {
  kind: 'source',
  meta: {
    id: 'file/too-large',
    defaultSeverity: 'error',
    description: `Policy files larger than ${MAX_POLICY_BYTES / 1024 / 1024} MiB are not checked.`,
  },
  check(text) {
    const bytes = utf8Length(text);
    if (bytes <= MAX_POLICY_BYTES) return undefined;
    const size = bytes < MAX_POLICY_BYTES * 1.1 ? `${bytes.toLocaleString('en-US')} bytes` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    return {
      message: `File is ${size}; the limit for a policy file is ${MAX_POLICY_BYTES / 1024 / 1024} MiB (${MAX_POLICY_BYTES.toLocaleString('en-US')} bytes), so it was not checked. Split the policy into several files of the same model.`,
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    };
  },
};

function utf8Length(text: string): number {
  // Fast path: even at 3 bytes per UTF-16 unit the text is under the limit.
  if (text.length * 3 <= MAX_POLICY_BYTES) return text.length;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
