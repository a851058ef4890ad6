/** Compact age like the console's lists show ("45s", "12m", "3h", "5d"); '' when unknown. */
export const formatAge = (created: string | undefined, now: Date): string => {
  if (!created) return '';
  const start = Date.parse(created);
  if (Number.isNaN(start)) return '';
  const seconds = Math.max(0, Math.floor((now.getTime() - start) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
};
