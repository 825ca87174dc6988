// Reading a git repository with the real `git` binary: the base revision of a diff and files at a commit.
// Used by the CLI and the server (not the engine, which reads nothing).
export { findRepo } from './repo';
export { checkRevision, isHeadFallback, NO_DEFAULT_BRANCH, resolveBase, type Base } from './revision';
export { GitError } from './run';
export { listFilesAt, readFilesAt } from './tree';
