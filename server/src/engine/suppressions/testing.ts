import { analyze } from '../analyze';
import { analyzeCard } from '../card';
import { cardDocument } from '../card/testing';
import { analyzeNote } from '../note';
import { noteDocument } from '../note/testing';
import { settle, type ReportingOptions, type Settled } from '../reporting/settle';
import { doc } from '../testing';
import type { Finding } from '../types';

/** Test helpers only: what a file shows once settled, on a fixed day. */

export const TODAY = '2026-06-15';

export function settled(text: string, options: Partial<ReportingOptions> = {}): Settled {
  const document = doc(text);
  return settle(document, analyze(document).findings, { today: TODAY, ...options });
}

/** The settled findings of `text`, optionally only those of one rule. */
export function settledFor(text: string, ruleId?: string, options: Partial<ReportingOptions> = {}): Finding[] {
  const { findings } = settled(text, options);
  return findings.filter((f) => !ruleId || f.rule === ruleId);
}

/** A model card's findings once settled. */
export function settledCard(text: string, options: Partial<ReportingOptions> = {}): Settled {
  const document = cardDocument(text);
  return settle(document, analyzeCard(document).findings, { today: TODAY, ...options });
}

/** A deliberation note's findings once settled; `maxWords` is note/length's limit. */
export function settledNote(text: string, options: Partial<ReportingOptions> & { readonly maxWords?: number } = {}): Settled {
  const document = noteDocument(text);
  const { maxWords, ...reporting } = options;
  return settle(document, analyzeNote(document, { today: TODAY, maxWords }).findings, { today: TODAY, ...reporting });
}
