// The SLO diff against a git base, for the CLI and the server: the base read with git (server/src/git),
// the working tree's models as each caller has them, compared by the engine (engine/diff).
export { loadBaseVersions, type BaseVersions } from './base-versions';
export { diffModel, diffModels, headModel, type HeadModel } from './model-diffs';
