import { readFileSync } from 'node:fs';
import path from 'node:path';

/** What the extension's package.json contributes, as the client tests read it. */
export interface Contributions {
  readonly commands: { command: string; title: string; category: string }[];
  readonly menus: Record<string, { command: string; when?: string }[]>;
  readonly configuration: { properties: Record<string, { type: string; scope?: string; default: unknown; markdownDescription?: string }> };
}

export function contributions(): Contributions {
  return (JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { contributes: Contributions }).contributes;
}
