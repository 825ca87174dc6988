/** `.safety-specs.yaml`: parsing and checking a config file, finding and combining the ones that apply, editor features. */
export { CONFIG_FILE_NAME, isConfigFileName, parseConfig, type ConfigLayer } from './config-file';
export { configCompletion } from './completion';
export { configHover } from './hover';
export { chainFor, resolveSettings, type FileSettings } from './resolve';
export type { RuleOptions } from './view';
