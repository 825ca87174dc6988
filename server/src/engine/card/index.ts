export { analyzeCard, type CardAnalysis } from './analyze-card';
export { parseCard, type ModelCard } from './model-card';
