import { msg, type Message } from './messages';

/**
 * The translatable form of an ObjectRef `purpose` (English, built in requiredObjects.ts): the
 * plugin shows it inside finding messages. An unknown purpose (a field path) stays data.
 */
const FIXED: Record<string, Message> = {
  'disk created from a DataVolume template': msg('disk created from a DataVolume template'),
  'claim created by the DataVolume': msg('claim created by the DataVolume'),
  'SSH public keys': msg('SSH public keys'),
  'user passwords': msg('user passwords'),
  'cloud-init user data': msg('cloud-init user data'),
  'cloud-init network data': msg('cloud-init network data'),
  'sysprep answer files': msg('sysprep answer files'),
  'storage class of a DataVolume': msg('storage class of a DataVolume'),
  'storage class of PVC': msg('storage class of PVC'),
};

const PATTERNS: [RegExp, (name: string) => Message][] = [
  [/^secondary network "(.*)"$/, (name) => msg('secondary network "{{name}}"', { name })],
  [/^storage class of PVC (.+)$/, (name) => msg('storage class of PVC {{name}}', { name })],
  [/^disk "(.*)"$/, (name) => msg('disk "{{name}}"', { name })],
  [/^claim of DataVolume (.+)$/, (name) => msg('claim of DataVolume {{name}}', { name })],
  [/^secret disk "(.*)"$/, (name) => msg('secret disk "{{name}}"', { name })],
  [/^config map disk "(.*)"$/, (name) => msg('config map disk "{{name}}"', { name })],
];

export const purposeMessage = (purpose: string): Message => {
  const fixed = FIXED[purpose];
  if (fixed) return fixed;
  for (const [pattern, build] of PATTERNS) {
    const m = pattern.exec(purpose);
    if (m) return build(m[1]);
  }
  return { template: '{{value}}', params: { value: purpose } };
};
