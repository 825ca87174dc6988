/**
 * The words by which a "Who might be affected" section names people, listed on
 * docs/rules/note/required-section.md. Users are easy to name; the check exists for the others: people a
 * model acts on who never chose to use it (the person a claim is about, a pedestrian, a neighbourhood).
 * "Public" alone is not enough ("a public load balancer"): "the public", "members of the public" are; and a
 * term followed by a thing ("the public internet", "a third-party library") does not name people.
 */
export const USER_TERMS: readonly string[] = [
  'user', 'users', 'end user', 'end users', 'customer', 'customers', 'client', 'clients', 'claimant', 'claimants',
  'patient', 'patients', 'applicant', 'applicants', 'consumer', 'consumers', 'subscriber', 'subscribers',
  'member', 'members', 'operator', 'operators', 'people who use', 'people using',
];

export const NON_USER_TERMS: readonly string[] = [
  'non-user', 'non-users', 'nonuser', 'nonusers', 'non user', 'non users', 'non-customer', 'non-customers',
  'bystander', 'bystanders', 'third party', 'third parties', 'third-party', 'third-parties',
  'people who never use', 'people who do not use', "people who don't use", 'people who are not users', 'not users',
  'the public', 'general public', 'members of the public', 'public at large', 'society', 'communities', 'neighbours', 'neighbors',
  'families', 'dependants', 'dependents',
  'passers-by', 'passersby', 'pedestrians', 'data subjects', 'people it decides about', 'people the model decides about',
];

/** Nouns after which a term names a thing, not people: "third-party library", "the public internet". */
const THING = /^\s+(?:internet|cloud|network|apis?|keys?|ip|dns|domains?|endpoints?|repo(?:sitor(?:y|ies))?s?|librar(?:y|ies)|packages?|services?|dependenc(?:y|ies)|code|software|tools?|vendors?)\b/;

/**
 * Whether `text` names one of `terms` as whole words (case-insensitive), as people: "users" inside "non-users"
 * does not count as users, nor "third-party" in "third-party library".
 */
export function names(text: string, terms: readonly string[]): boolean {
  const lower = text.toLowerCase().replace(/[’]/g, "'");
  return terms.some((term) => {
    for (let at = lower.indexOf(term); at >= 0; at = lower.indexOf(term, at + 1)) {
      const before = lower.slice(Math.max(0, at - 4), at);
      const after = lower[at + term.length] ?? ' ';
      if (/[\p{L}\p{N}]/u.test(lower[at - 1] ?? ' ') || /[\p{L}\p{N}]/u.test(after)) continue;
      if (!term.startsWith('non') && /non[-\s]?$/.test(before)) continue;
      if (THING.test(lower.slice(at + term.length))) continue;
      return true;
    }
    return false;
  });
}
