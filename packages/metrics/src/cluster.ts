import cluster from 'node:cluster';
import { AggregatorRegistry } from 'prom-client';
import type { Metrics } from './registry';

// A server of several processes (SERVER_PROCESSES) answers a scrape with every process's
// metrics: the primary gathers them (prom-client's cluster aggregation: counters and histograms
// summed, gauges as each declares) and answers the workers that are asked on the API port.
const ASK = 'praxis:metrics-ask';
const ANSWER = 'praxis:metrics-answer';
const ANSWER_WITHIN_MS = 5_000;

interface Answer {
  type: typeof ANSWER;
  id: number;
  text?: string;
  error?: string;
}

/** What a scrape answers with: one process's metrics, or the whole server's. */
export interface MetricsSource {
  render(): Promise<string>;
  contentType: string;
}

/**
 * In a worker of a cluster: hands its registry to the primary's aggregation, and answers a
 * scrape on the API port with the whole server's metrics, asked of the primary.
 */
export function shareWithPrimary(metrics: Metrics): MetricsSource {
  // Constructing one installs prom-client's answer to the primary's requests in this process.
  void new AggregatorRegistry();
  AggregatorRegistry.setRegistries([metrics.registry]);
  const pending = new Map<number, (answer: Answer) => void>();
  let next = 0;
  process.on('message', (message: Answer) => {
    if (message?.type === ANSWER) pending.get(message.id)?.(message);
  });
  return {
    contentType: metrics.contentType,
    render: () =>
      new Promise<string>((resolve, reject) => {
        const id = next++;
        const timer = setTimeout(() => settle({ type: ANSWER, id, error: 'no answer' }), ANSWER_WITHIN_MS);
        function settle(answer: Answer) {
          clearTimeout(timer);
          pending.delete(id);
          if (answer.text !== undefined) resolve(answer.text);
          else reject(new Error(`The server's metrics could not be gathered: ${answer.error}`));
        }
        pending.set(id, settle);
        process.send?.({ type: ASK, id });
      }),
  };
}

/** In the primary of a cluster: every worker's metrics, aggregated; workers' requests answered. */
export function aggregateWorkers(): MetricsSource {
  const aggregator = new AggregatorRegistry();
  cluster.on('message', (worker, message: { type?: string; id?: number }) => {
    if (message?.type !== ASK) return;
    aggregator.clusterMetrics().then(
      (text) => worker.send({ type: ANSWER, id: message.id, text }),
      (error: Error) => worker.send({ type: ANSWER, id: message.id, error: error.message }),
    );
  });
  return { render: () => aggregator.clusterMetrics(), contentType: aggregator.contentType };
}
