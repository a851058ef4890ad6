export { REDACTED } from './marker';
export { redactObject } from './redactObject';
export { redactText } from './redactText';
export { toRedactedYaml } from './toRedactedYaml';
export { isSecretEnvName, isSecretKeyName } from './keyNames';
export { decodeBase64, encodeBase64 } from './base64';
