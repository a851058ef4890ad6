/**
 * Durations in words for finding messages: "45 seconds", "19 minutes", "5 hours", "11 days"
 * (whole units, rounded down, like `kubectl get`'s age column but spelled out).
 */
export const formatDuration = (minutes: number): string => {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (!Number.isFinite(minutes) || minutes < 1)
    return unit(Math.max(0, Math.floor((minutes || 0) * 60)), 'second');
  if (minutes < 120) return unit(Math.floor(minutes), 'minute');
  const hours = minutes / 60;
  if (hours < 48) return unit(Math.floor(hours), 'hour');
  return unit(Math.floor(hours / 24), 'day');
};
