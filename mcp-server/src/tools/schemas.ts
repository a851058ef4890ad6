import { z } from 'zod';

/** RFC 1123 label / subdomain rules as Kubernetes applies them to namespaces and VM names. */
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const namespaceName = z
  .string()
  .min(1)
  .max(63)
  .regex(DNS_1123_LABEL, 'must be a DNS-1123 label (lowercase letters, digits and "-")')
  .describe('Namespace (project) of the virtual machine');

export const vmName = z
  .string()
  .min(1)
  .max(253)
  .regex(DNS_1123_SUBDOMAIN, 'must be a DNS-1123 name (lowercase letters, digits, "-" and ".")')
  .describe('Name of the VirtualMachine');

/** `{namespace, name}`: the input of every single-VM tool. Unknown fields are rejected. */
export const vmRefInput = z.object({ namespace: namespaceName, name: vmName }).strict();

/** "30m", "1h", "7d", "2w" → milliseconds. */
export const DURATION_PATTERN = /^(\d{1,6})\s*(s|m|h|d|w)$/;
const UNIT_MS: Record<string, number> = { s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5 };

export const parseDuration = (text: string): number | undefined => {
  const match = DURATION_PATTERN.exec(text.trim());
  return match ? Number(match[1]) * UNIT_MS[match[2]] : undefined;
};

export const duration = z
  .string()
  .max(16)
  .regex(DURATION_PATTERN, 'must be a duration such as "30m", "1h" or "7d"');

export const objectRefOutput = z.object({
  kind: z.string(),
  name: z.string(),
  namespace: z.string().optional(),
});
