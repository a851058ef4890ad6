import { eventCount, eventTime, timeOf } from './context';
import type { K8sEvent } from './model';

export interface FoldedEvent {
  type: string;
  reason: string;
  message: string;
  involvedObject: { kind: string; name: string; namespace?: string };
  count: number;
  firstTimestamp?: string;
  lastTimestamp?: string;
}

export interface FoldEventsOptions {
  /** Only events last seen at or after this time. */
  since?: Date;
  warningsOnly?: boolean;
}

/**
 * Newest first; repeats of the same involved object + reason + message folded into one entry with
 * the summed count and the first/last times seen.
 */
export const foldEvents = (events: K8sEvent[], options: FoldEventsOptions = {}): FoldedEvent[] => {
  const since = options.since?.getTime();
  const groups = new Map<string, FoldedEvent>();
  for (const e of events) {
    if (options.warningsOnly && e.type !== 'Warning') continue;
    const last = eventTime(e);
    if (since !== undefined && timeOf(last) < since) continue;
    const first = e.firstTimestamp ?? e.eventTime ?? last;
    const io = e.involvedObject ?? {};
    const key = JSON.stringify([
      io.kind,
      io.namespace ?? e.metadata?.namespace,
      io.name,
      e.reason,
      e.message,
    ]);
    const existing = groups.get(key);
    if (!existing) {
      groups.set(key, {
        type: e.type ?? 'Normal',
        reason: e.reason ?? '',
        message: e.message ?? '',
        involvedObject: {
          kind: io.kind ?? '',
          name: io.name ?? '',
          ...(io.namespace || e.metadata?.namespace
            ? { namespace: io.namespace ?? e.metadata?.namespace }
            : {}),
        },
        count: eventCount(e),
        ...(first ? { firstTimestamp: first } : {}),
        ...(last ? { lastTimestamp: last } : {}),
      });
      continue;
    }
    existing.count += eventCount(e);
    if (first && (!existing.firstTimestamp || timeOf(first) < timeOf(existing.firstTimestamp)))
      existing.firstTimestamp = first;
    if (last && (!existing.lastTimestamp || timeOf(last) > timeOf(existing.lastTimestamp)))
      existing.lastTimestamp = last;
    if (e.type === 'Warning') existing.type = 'Warning';
  }
  return [...groups.values()].sort((a, b) => timeOf(b.lastTimestamp) - timeOf(a.lastTimestamp));
};
