import { isSecretEnvName } from './keyNames';
import { REDACTED } from './marker';

/**
 * Single-pass token patterns. Every pattern is anchored on a literal prefix and uses character
 * classes whose neighbours cannot overlap, or bounded repetitions, so matching stays linear.
 */
interface TokenRule {
  name: string;
  pattern: RegExp;
  replace: (match: string, ...groups: string[]) => string;
}

const looksLikeCredential = (token: string): boolean => !/^[a-z]+$/.test(token);

export const TOKEN_RULES: readonly TokenRule[] = [
  {
    // https://user:pass@host, https://token@host: the whole user-info part goes.
    // Greedy up to the last `@` of the authority: a password may contain `@` itself.
    name: 'url-userinfo',
    pattern: /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s/?#"'<>\\]{1,256})@/gi,
    replace: (_m, scheme: string) => `${scheme}${REDACTED}@`,
  },
  {
    name: 'authorization-scheme',
    pattern: /\b(Bearer|Basic|Token)([ \t]+|%20)([A-Za-z0-9\-._~+/]{6,}=*)/gi,
    replace: (match, scheme: string, space: string, token: string) =>
      looksLikeCredential(token) ? `${scheme}${space}${REDACTED}` : match,
  },
  {
    // JWTs (service-account and OIDC tokens) and base64-encoded JSON (docker config `auths`).
    name: 'jwt-or-base64-json',
    pattern: /\beyJ[A-Za-z0-9_\-+/=]{8,}(?:\.[A-Za-z0-9_\-+/=]*){0,2}/g,
    replace: () => REDACTED,
  },
  {
    name: 'openshift-token',
    pattern: /sha256~[A-Za-z0-9_-]{8,}/g,
    replace: () => `sha256~${REDACTED}`,
  },
  {
    name: 'ssh-public-key',
    pattern:
      /\b(ssh-rsa|ssh-dss|ssh-ed25519|ecdsa-sha2-nistp(?:256|384|521)|sk-ssh-ed25519@openssh\.com|sk-ecdsa-sha2-nistp256@openssh\.com)([ \t]+|\\t)[A-Za-z0-9+/]{16,}={0,3}/g,
    replace: (_m, type: string) => `${type} ${REDACTED}`,
  },
  {
    // An SSH key blob without its type prefix.
    name: 'ssh-key-blob',
    pattern: /\bAAAA(?:B3NzaC1|C3NzaC1|E2VjZHNh)[A-Za-z0-9+/]*={0,3}/g,
    replace: () => REDACTED,
  },
  {
    // A base64-encoded PEM block (`LS0tLS1CRUdJTi` = `-----BEGIN`): kubeconfig *-data fields.
    name: 'base64-pem',
    pattern: /LS0tLS1CRUdJT[A-Za-z0-9+/=]*/g,
    replace: () => REDACTED,
  },
  {
    name: 'aws-access-key-id',
    pattern: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b/g,
    replace: () => REDACTED,
  },
  {
    name: 'vendor-token',
    pattern:
      /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|gl(?:pat|dt|rt|ptt|cbt|oas|ft|imt|soat|agent)-[A-Za-z0-9_-]{20,}|xox[abprs]-[A-Za-z0-9-]{10,})/g,
    replace: () => REDACTED,
  },
  {
    // Prefixed API keys as their vendors document them (secretlint's recommended preset covers the
    // same families): OpenAI, Anthropic, Google API keys and OAuth tokens, SendGrid, npm, Stripe,
    // Slack app tokens, Hugging Face, DigitalOcean, Docker Hub, Vault, Grafana, Shopify, PyPI,
    // Databricks, Linear, Atlassian, Tailscale, age, Doppler, New Relic, Pulumi, Mailgun, Twilio.
    name: 'vendor-api-key',
    pattern:
      /\b(?:sk-(?:proj-|ant-(?:api|admin)\d{2}-|svcacct-)?[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{30,}|ya29\.[0-9A-Za-z_-]{20,}|SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}|npm_[A-Za-z0-9]{30,}|(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{16,}|xapp-[0-9]-[A-Za-z0-9-]{10,}|hf_[A-Za-z0-9]{30,}|do[por]_v1_[a-f0-9]{40,}|dckr_pat_[A-Za-z0-9_-]{20,}|hv[sbr]\.[A-Za-z0-9_-]{20,}|gl(?:sa|c)_[A-Za-z0-9_+/=-]{20,}|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}|pypi-AgE[A-Za-z0-9_-]{20,}|dapi[a-f0-9]{32}|lin_api_[A-Za-z0-9]{30,}|ATATT[A-Za-z0-9_=-]{20,}|tskey-[a-z]+-[A-Za-z0-9-]{10,}|AGE-SECRET-KEY-1[A-Z0-9]{50,}|dp\.(?:pt|st|sa|ct)\.[A-Za-z0-9]{30,}|NRAK-[A-Z0-9]{27}|pul-[a-f0-9]{40}|key-[a-f0-9]{32}|SK[0-9a-f]{32})\b/g,
    replace: () => REDACTED,
  },
  {
    // Incoming-webhook URLs carry their credential in the path (Slack, Discord, Teams/Office 365).
    name: 'webhook-url-path',
    pattern:
      /(https:\/\/(?:hooks\.slack\.com\/(?:services|workflows|triggers)|(?:discord(?:app)?\.com)\/api\/webhooks|[a-z0-9-]+\.webhook\.office\.com\/webhookb2)\/)[^\s"'<>]{1,512}/gi,
    replace: (_m, head: string) => `${head}${REDACTED}`,
  },
  {
    // A form or query body URL-encoded once more: `password%3DhunteR2`, `%22token%22%3A%22…`.
    name: 'url-encoded-key-value',
    pattern:
      /((?:pass(?:word|wd|phrase)?|pwd|secret|token|api[_-]?key|auth|credentials?)(?:%22)?(?:%3D|%3A(?:%20)*(?:%22)?))([^%&\s"'<>]{1,256})/gi,
    replace: (_m, head: string) => `${head}${REDACTED}`,
  },
  {
    // HTTP Digest authentication (RFC 7616): the response hash proves the password.
    name: 'digest-response',
    pattern: /(\bDigest\b[^\n]{0,512}?\bresponse=")([^"\n]{1,256})/g,
    replace: (_m, head: string) => `${head}${REDACTED}`,
  },
  {
    // Windows product keys (five groups of five): a licence is a credential.
    name: 'windows-product-key',
    pattern: /\b[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}\b/g,
    replace: () => REDACTED,
  },
  {
    // Signed URLs: AWS SigV4, Google signed URLs, Azure SAS (`sig`), OAuth tokens in a query.
    name: 'signed-query-parameter',
    pattern:
      /([?&](?:X-Amz-(?:Signature|Credential|Security-Token)|X-Goog-(?:Signature|Credential)|Signature|sig|se|skoid|sktid|access_token|id_token|refresh_token|code|client_secret|api_key|apikey|key|auth|token|password|secret)=)([^&#\s"'<>]{1,2048})/gi,
    replace: (_m, head: string) => `${head}${REDACTED}`,
  },
  {
    // An env entry written as YAML text: `- name: DB_PASSWORD` then `value: ...` on the next line.
    name: 'yaml-env-pair',
    pattern:
      /(name:[ \t]*["']?([A-Za-z0-9_.-]{1,64})["']?[ \t]*\r?\n[ \t-]{0,64}value:[ \t]*)([^\r\n]*)/g,
    replace: (match, head: string, envName: string, value: string) =>
      isSecretEnvName(envName) && value.trim() !== '' && !value.includes(REDACTED)
        ? `${head}${REDACTED}`
        : match,
  },
  {
    // `echo root:secret | chpasswd` in shell user data and runcmd entries.
    name: 'echo-chpasswd',
    pattern:
      /\becho[ \t]+(?:-[en][ \t]+)?(["']?)([^\s"':|]{1,64}):([^\s"'|]{1,256})\1([ \t]*\|[ \t]*(?:sudo[ \t]+)?chpasswd)/g,
    replace: (_m, quote: string, user: string, _password: string, pipe: string) =>
      `echo ${quote}${user}:${REDACTED}${quote}${pipe}`,
  },
];

export const applyTokenRules = (text: string): string =>
  TOKEN_RULES.reduce(
    (current, rule) =>
      current.replace(rule.pattern, (...args: unknown[]) => {
        // (match, ...groups, offset, input): no named groups, so the last two are dropped.
        const [match, ...rest] = args
          .slice(0, -2)
          .map((arg) => (typeof arg === 'string' ? arg : ''));
        return rule.replace(match, ...rest);
      }),
    text,
  );
