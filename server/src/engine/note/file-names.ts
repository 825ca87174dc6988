/** A deliberation note: `deliberation-note.md`, or any `.md` file in a `deliberation-notes/` folder (one per change). */
export function isNoteFileName(path: string): boolean {
  const parts = path.split(/[\\/]/);
  const name = parts.at(-1)!.toLowerCase();
  return name === 'deliberation-note.md' || (parts.at(-2) === 'deliberation-notes' && name.endsWith('.md'));
}
