import { isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node as YamlNode, Scalar } from 'yaml';
import { decodeBase64, encodeBase64 } from './base64';
import { isSecretKeyName } from './keyNames';
import { REDACTED } from './marker';

/**
 * cloud-config user data is YAML: it is parsed (keeping comments and layout) and redacted by
 * structure, so harmless lines (packages, runcmd, users, ssh_pwauth) stay readable for the AI while
 * passwords, chpasswd lists, SSH keys and write_files secrets go.
 */

type TextRedactor = (text: string) => string;

/** Marks the `list` of a `chpasswd` block (a `list` key elsewhere is ordinary data). */
const CHPASSWD_LIST = 'chpasswd.list';

const HARMLESS_VALUE = /^(?:true|false|yes|no|on|off|null|none|~)$/i;

/**
 * write_files paths whose whole content is a credential in a format of its own (libpq .pgpass,
 * netrc, git-credentials, htpasswd, shadow, private keys, registry auth files).
 */
const CREDENTIAL_FILE =
  /(?:^|\/)(?:\.pgpass|\.netrc|_netrc|\.git-credentials|\.htpasswd|htpasswd|shadow|gshadow|\.my\.cnf|\.dockercfg|auth\.json|credentials|id_(?:rsa|dsa|ecdsa|ed25519)|[^/]*\.(?:key|pem|p12|pfx|jks|keytab))$/i;

const setScalar = (node: Scalar, value: string): void => {
  node.value = value;
};

const redactAllScalars = (node: unknown): void => {
  if (isScalar(node)) setScalar(node, REDACTED);
  else if (isMap(node) || isSeq(node))
    node.items.forEach((item) =>
      redactAllScalars(isMap(node) ? (item as { value: unknown }).value : item),
    );
};

/** `root:secret` → `root:<redacted>`; one entry per line in a chpasswd `list`. */
const redactChpasswdEntries = (value: string): string =>
  value
    .split('\n')
    .map((line) => {
      const colon = line.indexOf(':');
      return colon < 0 || line.trim() === '' ? line : `${line.slice(0, colon)}:${REDACTED}`;
    })
    .join('\n');

const redactSshKeyEntry = (value: string, redactText: TextRedactor): string => {
  if (value.includes(REDACTED)) return value;
  const redacted = redactText(value);
  return redacted === value ? REDACTED : redacted;
};

const redactNode = (node: unknown, parentKey: string, redactText: TextRedactor): void => {
  if (isSeq(node)) {
    node.items.forEach((item) => {
      if (isScalar(item) && typeof item.value === 'string') {
        if (parentKey === 'ssh_authorized_keys')
          setScalar(item, redactSshKeyEntry(item.value, redactText));
        else if (parentKey === CHPASSWD_LIST) setScalar(item, redactChpasswdEntries(item.value));
        else setScalar(item, redactText(item.value));
      } else {
        redactNode(item, parentKey, redactText);
      }
    });
    return;
  }
  if (!isMap(node)) return;
  const encodingPair = node.items.find(
    (pair) => isScalar(pair.key) && pair.key.value === 'encoding',
  );
  const encoding = isScalar(encodingPair?.value) ? String(encodingPair?.value.value) : '';
  const base64Content = /^(?:b64|base64)$/i.test(encoding);
  // gz+b64 / gzip+base64 / gz: compressed bytes no text rule can read, so none of it goes.
  const compressedContent = /^(?:gz|gzip)(?:\+(?:b64|base64))?$/i.test(encoding);
  const pathPair = node.items.find((pair) => isScalar(pair.key) && pair.key.value === 'path');
  const credentialFile =
    isScalar(pathPair?.value) && CREDENTIAL_FILE.test(String(pathPair?.value.value));
  for (const pair of node.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const value = pair.value as YamlNode | null;
    if (key === 'ssh_keys' || key === 'ssh_deletekeys_private') {
      redactAllScalars(value);
    } else if (isScalar(value)) {
      const raw = value.value;
      if (isSecretKeyName(key) && raw !== null && !HARMLESS_VALUE.test(String(raw))) {
        setScalar(value, REDACTED);
      } else if (typeof raw === 'string') {
        if (key === 'ssh_authorized_keys') setScalar(value, redactSshKeyEntry(raw, redactText));
        else if (key === 'list' && parentKey === 'chpasswd')
          setScalar(value, redactChpasswdEntries(raw));
        else if (key === 'content' && (compressedContent || credentialFile)) {
          setScalar(value, REDACTED);
        } else if (key === 'content' && base64Content) {
          const decoded = decodeBase64(raw);
          setScalar(value, decoded === null ? REDACTED : encodeBase64(redactText(decoded)));
        } else setScalar(value, redactText(raw));
      }
    } else {
      redactNode(
        value,
        key === 'list' && parentKey === 'chpasswd' ? CHPASSWD_LIST : key,
        redactText,
      );
    }
  }
};

/** Null when the text is not a cloud-config mapping; the caller then falls back to text rules. */
export const redactCloudConfig = (text: string, redactText: TextRedactor): string | null => {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
  redactNode(doc.contents, '', redactText);
  return doc.toString({ lineWidth: 0 });
};
