import type { Rule } from '../../rule';

/** Distinct roles a review needs: one role reviewing its own change is not a deliberation. */
export const MIN_ROLES = 3;

export const rule: Rule = {
  kind: 'note',
  meta: {
    id: 'note/reviewer-roles',
    defaultSeverity: 'warning',
    description: `The reviewers of a note span at least ${MIN_ROLES} distinct roles (product, ML, SRE, security, support, legal, ...).`,
  },
  check({ note, report }) {
    const field = note.frontMatter?.file.root?.fields.get('reviewers');
    if (!field || !note.frontMatter) return;
    // The first spelling of each role, for the message.
    const byKey = new Map<string, string>();
    for (const { role } of note.reviewers) if (role?.trim() && !byKey.has(roleKey(role))) byKey.set(roleKey(role), role.trim());
    const roles = [...byKey.values()];
    // Reviewers without any role are note/front-matter's to report.
    if (roles.length === 0 || roles.length >= MIN_ROLES) return;
    const found = `${roles.length} role${roles.length === 1 ? '' : 's'} (${roles.join(', ')})`;
    report({
      message: `The reviewers span ${found}: a review is meant to hear at least ${MIN_ROLES} (product, ML, SRE, security, support, legal, ...). Ask someone from another role.`,
      range: note.frontMatter.rangeOf(field.key),
      anchor: 'reviewers',
    });
  },
};

/** Roles compare case-insensitively, white space and hyphens folded (`SRE`, `sre`; `on-call`, `on call`). */
function roleKey(role: string): string {
  return role.trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}
