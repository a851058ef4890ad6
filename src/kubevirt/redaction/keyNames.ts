/**
 * Decides whether a field, flag, annotation or environment variable name holds a secret value.
 * Names are compared in a normalized form (lower case, letters and digits only) so that
 * `client-key-data`, `clientKeyData` and `CLIENT_KEY_DATA` are one name.
 */

const normalize = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

const SECRET_WORDS =
  /password|passwd|passphrase|secret|token|credential|apikey|accesskey|privatekey|secretkey|clientkey|sshkey|signingkey|encryptionkey|authkey|licensekey|productkey|accountkey|storagekey|masterkey|sessionkey|clientcertificatedata|certificateauthoritydata|cookie|bearer|authorization|activationkey|registrationkey|enrollmentkey|joinkey|sharedkey|presharedkey|signature|pullsecret|creds/;

const SECRET_EXACT = new Set([
  'auth',
  'pwd',
  'pass',
  'pw',
  'basicauth',
  'proxyauth',
  'hashedpasswd',
  'psk',
  'sig',
  'xapikey',
  'apikey',
]);

/** Names that contain a secret word but hold a harmless setting (booleans, policies). */
const HARMLESS = new Set([
  'sshpwauth',
  'lockpasswd',
  'passwordauthentication',
  'automountserviceaccounttoken',
  'disablerootpasswd',
]);

/**
 * A name ending like this points at a secret (a reference, a path, a lifetime) instead of holding
 * one: `secretName`, `tokenSecretRef`, `passwordFile`, `tokenExpirationSeconds` stay readable.
 */
const REFERENCE_SUFFIXES = [
  'name',
  'names',
  'ref',
  'refs',
  'reference',
  'namespace',
  'path',
  'paths',
  'file',
  'dir',
  'type',
  'kind',
  'mode',
  'ttl',
  'expiry',
  'expire',
  'expires',
  'expiration',
  'seconds',
  'audience',
  'audiences',
  'count',
  'enabled',
  'policy',
  'provider',
  'source',
  'url',
  'uri',
  'endpoint',
  'format',
  'length',
  'version',
  'selector',
  'required',
  'field',
];

export const isSecretKeyName = (name: string): boolean => {
  const n = normalize(name);
  if (!n || HARMLESS.has(n) || REFERENCE_SUFFIXES.some((suffix) => n.endsWith(suffix))) {
    return false;
  }
  return SECRET_EXACT.has(n) || SECRET_WORDS.test(n);
};

/** Environment variable words that mark a secret value (`DB_PASSWORD`, `API_KEY`, `githubToken`). */
const SECRET_ENV_WORDS = new Set([
  'password',
  'passwd',
  'pass',
  'pwd',
  'passphrase',
  'token',
  'secret',
  'key',
  'apikey',
  'credential',
  'credentials',
  'creds',
  'auth',
  'private',
  'privatekey',
  'cert',
  'certificate',
]);

const ENV_REFERENCE_WORDS = new Set(['file', 'path', 'dir', 'name', 'url', 'ref', 'mount']);

export const isSecretEnvName = (name: string): boolean => {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  // `PASSWORD_FILE`, `CERT_DIR`, `TOKEN_URL` point at a secret; they do not hold one.
  if (ENV_REFERENCE_WORDS.has(words[words.length - 1])) return false;
  return words.some((word) => SECRET_ENV_WORDS.has(word)) || isSecretKeyName(name);
};
