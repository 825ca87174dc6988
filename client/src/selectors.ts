// File-name patterns that identify Safety Specs files.
//
// Kept free of any `vscode` import so that tests can check them against the
// manifest (package.json `activationEvents`) without an extension host.

import { POLICY_FILE_GLOB } from '../../server/src/engine/policy/file-names';

/** Policy files: `safety-slos.yaml`, `safety-slos.yml` and `*.safety-slos.yaml`; one definition, shared with the server. */
export { POLICY_FILE_GLOB };

/** Project-level configuration for the linter (read by the server). */
export const CONFIG_FILE_GLOB = '**/.safety-specs.yaml';

/**
 * Documents handed to the language server.
 *
 * Policy files stay in the `yaml` language on purpose: the YAML grammar (plus our
 * injection grammar), the snippets and other YAML tooling keep working on them.
 * Only on-disk files are selected: an untitled buffer has no file name to match.
 */
export const POLICY_DOCUMENT_SELECTOR = [{ scheme: 'file', language: 'yaml', pattern: POLICY_FILE_GLOB }] as const;

/** Everything the server answers for: policy files, and config files (validated, with hover and completion). */
export const DOCUMENT_SELECTOR = [...POLICY_DOCUMENT_SELECTOR, { scheme: 'file', language: 'yaml', pattern: CONFIG_FILE_GLOB }] as const;
