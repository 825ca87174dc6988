/** Which files are policies: `safety-slos.yaml`, `safety-slos.yml`, or `<anything>.safety-slos.yaml`. */
export const POLICY_FILE_GLOB = '**/{safety-slos.yaml,safety-slos.yml,*.safety-slos.yaml}';

export function isPolicyFileName(path: string): boolean {
  const base = path.split(/[\\/]/).pop() ?? '';
  return base === 'safety-slos.yaml' || base === 'safety-slos.yml' || (base.endsWith('.safety-slos.yaml') && base.length > '.safety-slos.yaml'.length);
}
