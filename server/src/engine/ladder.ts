/**
 * The built-in ladder of actions, least to most severe. Custom actions rank with one of these.
 * Everything that orders actions (hover, conflicts, gates) goes through `rankOf`.
 */
export const LADDER = [
  'alert',
  'ticket',
  'page',
  'route_to_human_review',
  'throttle',
  'degrade_to_safe_mode',
  'rollback',
  'kill_switch',
] as const;

export type LadderAction = (typeof LADDER)[number];

export function isLadderAction(name: string): name is LadderAction {
  return (LADDER as readonly string[]).includes(name);
}

/** 0-based rank on the ladder; higher is more severe. */
export function ladderRank(action: LadderAction): number {
  return LADDER.indexOf(action);
}

export const LADDER_TEXT = LADDER.join(' < ');
