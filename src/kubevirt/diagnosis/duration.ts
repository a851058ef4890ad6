import { msg, renderMessage, type Message } from './messages';

/**
 * Durations in words for finding messages: "45 seconds", "19 minutes", "5 hours", "11 days"
 * (whole units, rounded down, like `kubectl get`'s age column but spelled out). One template per
 * unit and number form; `count` also lets i18next pick a language's plural form.
 */
export const durationMessage = (minutes: number): Message => {
  if (!Number.isFinite(minutes) || minutes < 1) {
    const count = Math.max(0, Math.floor((minutes || 0) * 60));
    return count === 1 ? msg('{{count}} second', { count }) : msg('{{count}} seconds', { count });
  }
  if (minutes < 120) {
    const count = Math.floor(minutes);
    return count === 1 ? msg('{{count}} minute', { count }) : msg('{{count}} minutes', { count });
  }
  const hours = minutes / 60;
  if (hours < 48) {
    const count = Math.floor(hours);
    return msg('{{count}} hours', { count });
  }
  const count = Math.floor(hours / 24);
  return msg('{{count}} days', { count });
};

export const formatDuration = (minutes: number): string => renderMessage(durationMessage(minutes));
