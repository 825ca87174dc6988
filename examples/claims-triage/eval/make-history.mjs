// Writes history.jsonl beside this script: two weeks of hourly metrics for claims-triage, with the launch-week
// incident of 2026-03 (OOD recall falls for two and a half days, worst for the acme tenant). Seeded, so running it
// again gives the same file:  node examples/claims-triage/eval/make-history.mjs
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const START = Date.UTC(2026, 2, 2); // 2026-03-02T00:00:00Z, a Monday
const HOURS = 14 * 24;
const HOUR = 3_600_000;
/** The incident: recall slides from 2026-03-05T06:00Z over six hours, holds, and is fixed by 2026-03-07T18:00Z. */
const DROP = 3 * 24 + 6;
const FIX = 5 * 24 + 18;

/** mulberry32: a small seeded generator, so the file never changes unless this script does. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const next = random(20260302);
const noise = (size) => (next() * 2 - 1) * size;
const round = (value) => Number(value.toFixed(4));

/** 0 before the incident, 1 at its worst (a six-hour slide), back to 0 over a day once fixed. */
function incident(hour) {
  if (hour < DROP) return 0;
  if (hour < DROP + 6) return (hour - DROP) / 6;
  if (hour < FIX) return 1;
  return Math.max(0, 1 - (hour - FIX) / 24);
}

const lines = [];
for (let hour = 0; hour < HOURS; hour++) {
  const timestamp = new Date(START + hour * HOUR).toISOString().replace('.000Z', 'Z');
  const depth = incident(hour);
  const sample = (metric, value, labels = {}) => lines.push(JSON.stringify({ timestamp, metric, value: round(value), ...labels }));
  sample('ood_recall_7d', 0.94 - 0.11 * depth + noise(0.006));
  sample('ood_recall_7d', 0.955 - 0.14 * depth + noise(0.006), { tenant: 'acme' });
  sample('ood_recall_7d', 0.935 - 0.16 * depth + noise(0.008), { endpoint: 'appeals', tenant: 'acme' });
  // Latency rides the daily load (peak mid-afternoon UTC) and spikes while the incident is triaged.
  const load = Math.sin(((hour % 24) - 9) * Math.PI / 12);
  sample('decision_latency_p95', 380 + 60 * load + (hour >= DROP + 6 && hour < DROP + 9 ? 180 : 0) + noise(15), { endpoint: 'claims', tenant: 'acme' });
  sample('decision_ece_p95_24h', 0.03 + 0.03 * depth + noise(0.004), { endpoint: 'claims' });
  sample('denial_precision_7d', 0.972 - 0.01 * depth + noise(0.003));
  sample('appeal_overturn_rate_28d', 0.012 + noise(0.002));
  sample('never_event_violations', 0);
}
writeFileSync(fileURLToPath(new URL('history.jsonl', import.meta.url)), `${lines.join('\n')}\n`);
