/** The node side of replays: streams a history file from disk into the engine's `Replay`. */
export { CHUNK, lastTime, readHistory, type HistoryProgress, type HistorySink, type ReadOptions } from './read-history';
export { replayHistory, ReplayInputError, type ReplayHistoryOptions } from './run';
