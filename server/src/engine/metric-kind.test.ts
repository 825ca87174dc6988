import { strict as assert } from 'node:assert';
import { directionOf, isRatioLike } from './metric-kind';

describe('metric-kind', () => {
  describe('isRatioLike', () => {
    it('recognises ratio words anywhere in a snake_case, dashed or dotted name', () => {
      for (const metric of ['ood_recall_7d', 'denial_precision', 'harmful_reply_rate_24h', 'decision_ece_p95_24h', 'auroc', 'FPR', 'model.accuracy', 'escalation-recall', 'uptime_pct']) {
        assert.equal(isRatioLike(metric), true, metric);
      }
    });

    it('does not treat counts, latencies or partial words as ratios', () => {
      for (const metric of ['p95_latency', 'latency_ms', 'incidents_per_week', 'time_to_review', 'recalled_items', 'rated_count', 'karate', 'leak_count', '']) {
        assert.equal(isRatioLike(metric), false, metric);
      }
    });
  });

  describe('directionOf', () => {
    it('higher is better for recall, precision, accuracy and the like', () => {
      for (const metric of ['ood_recall_7d', 'denial_precision', 'accuracy', 'availability_30d', 'task_success_rate', 'groundedness']) {
        assert.equal(directionOf(metric), 'higher-is-better', metric);
      }
    });

    it('lower is better for errors, calibration error, latency and harms', () => {
      for (const metric of ['error_rate', 'decision_ece_p95_24h', 'p95_latency', 'fpr', 'toxicity_rate', 'jailbreak_rate', 'pii_leaks']) {
        assert.equal(directionOf(metric), 'lower-is-better', metric);
      }
    });

    it('is undefined when the name says nothing or says both', () => {
      for (const metric of ['agent_score', 'rate', 'ratio', 'jailbreak_success', 'recall_error', '']) {
        assert.equal(directionOf(metric), undefined, metric);
      }
    });
  });
});
