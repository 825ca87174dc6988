#!/usr/bin/env bash
# The action's check step (action.yml): turns the INPUT_* variables into `safety-specs check` arguments.
# Annotations go to the log (format github, which also writes the step summary); SARIF and JUnit to files.
set -euo pipefail
args=(check --format github --fail-on "${INPUT_FAIL_ON:-error}")
[ -n "${INPUT_CONFIG:-}" ] && args+=(--config "$INPUT_CONFIG")
[ -n "${INPUT_BASELINE:-}" ] && args+=(--baseline "$INPUT_BASELINE")
[ -n "${INPUT_SARIF_FILE:-}" ] && args+=(--format "sarif=$INPUT_SARIF_FILE")
[ -n "${INPUT_JUNIT_FILE:-}" ] && args+=(--format "junit=$INPUT_JUNIT_FILE")
# Paths split on white space only (no globbing): a path is never interpreted by the shell.
set -f
# shellcheck disable=SC2206
paths=(${INPUT_PATHS:-.})
set +f
exec node "$SAFETY_SPECS_CLI" "${args[@]}" -- "${paths[@]}"
