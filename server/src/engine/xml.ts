/**
 * Characters XML 1.0 cannot carry at all, not even as character references: C0 controls other than tab,
 * line feed and carriage return, U+FFFE/U+FFFF, and unpaired surrogates. A policy can hold them (YAML's
 * "\x01"), and a finding may quote it.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\n': '&#10;', '\r': '&#13;', '\t': '&#9;' };

/** Escapes text for XML (and HTML); forbidden characters are written as `\uXXXX`, so nothing is lost silently. */
export function xml(text: string, context: 'attribute' | 'text'): string {
  // In an attribute, line breaks and tabs are escaped too, or parsers normalise them to spaces.
  const special = context === 'attribute' ? /[&<>"'\n\r\t]/g : /[&<>\r]/g;
  return text.replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).replace(special, (c) => ENTITIES[c]!);
}

/** `<name a="v">body</name>`, attributes escaped; `body` is markup, already escaped. No body: `<name a="v"/>`. */
export function element(name: string, attributes: Record<string, string | number>, body?: string): string {
  const attrs = Object.entries(attributes).map(([k, v]) => ` ${k}="${xml(String(v), 'attribute')}"`).join('');
  return body === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${body}</${name}>`;
}
