/** Resident memory of a process from /proc (Linux), and a sampler for the peak during an operation. */
import { readFileSync } from 'node:fs';

const KIB_PER_MIB = 1024;

/** VmRSS (current) or VmHWM (peak since start) of the process, in MiB. */
export const readMemoryMiB = (pid: number, field: 'VmRSS' | 'VmHWM' = 'VmRSS'): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no ${field}`);
  return Number(match[1]) / KIB_PER_MIB;
};

/**
 * Samples VmRSS every `intervalMs` while `operation` runs and returns the highest value seen
 * (a peak during this operation only, unlike VmHWM which covers the whole process life).
 */
export const peakRssDuring = async <T>(
  pid: number,
  operation: () => Promise<T>,
  intervalMs = 5,
): Promise<{ result: T; peakMiB: number; beforeMiB: number }> => {
  const beforeMiB = readMemoryMiB(pid);
  let peakMiB = beforeMiB;
  const timer = setInterval(() => {
    try {
      peakMiB = Math.max(peakMiB, readMemoryMiB(pid));
    } catch {
      // the process ended; the operation will report it
    }
  }, intervalMs);
  try {
    const result = await operation();
    peakMiB = Math.max(peakMiB, readMemoryMiB(pid));
    return { result, peakMiB, beforeMiB };
  } finally {
    clearInterval(timer);
  }
};
