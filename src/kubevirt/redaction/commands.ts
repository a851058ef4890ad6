import { REDACTED } from './marker';

/**
 * Credentials passed on a command line (cloud-init runcmd, sysprep FirstLogonCommands, container
 * args quoted in events and logs). Each rule is anchored on the command or flag name and reads one
 * bounded argument, so matching stays linear. Sources: the tools' own manuals (curl(1) -u,
 * sshpass(1) -p, podman-login(1) -p, mysql(1) -p<password>, redis-cli -a, ldapsearch(1) -w,
 * htpasswd(1) -b, openssl-passphrase-options(1) pass:, smbclient(1) -U user%pass, net use /user,
 * PowerShell ConvertTo-SecureString -AsPlainText, netrc(5)).
 */
interface CommandRule {
  name: string;
  /** Groups: 1 = what stays before the secret, 2 = the secret. */
  pattern: RegExp;
}

const ARG = `(?:"[^"\\n]{1,256}"|'[^'\\n]{1,256}'|[^\\s"'|;&]{1,256})`;
const USER = '[^\\s:"\'|;&%]{1,128}';

const rules: CommandRule[] = [
  {
    // curl -u user:pass, --user, --proxy-user, -U; skopeo --creds/--src-creds/--dest-creds user:pass.
    name: 'user-colon-password-flag',
    pattern: new RegExp(
      `((?:^|[\\s"'])(?:-u|-U|--user|--proxy-user|--creds|--src-creds|--dest-creds|--registry-creds)(?:[ \\t]+|=)["']?${USER}:)([^\\s"'|;&]{1,256})`,
      'g',
    ),
  },
  {
    // sshpass -p pass; docker/podman/buildah/helm/oc/nerdctl login -p pass; redis-cli -a pass; ldap* -w pass.
    name: 'short-password-flag',
    pattern: new RegExp(
      `(\\b(?:sshpass|(?:docker|podman|buildah|nerdctl|helm(?:[ \\t]+registry)?|oc|kubectl|crane|regctl|argocd|az[ \\t]+acr|skopeo)[ \\t]+login|redis-cli|ldapsearch|ldapmodify|ldapadd|ldapdelete|ldappasswd|ldapwhoami|ipmitool|sqlcmd|bcp|racadm)\\b[^\\n|;&]{0,256}?[ \\t](?:-p|-P|-a|-w|--pass)[ \\t]+)(${ARG})`,
      'g',
    ),
  },
  {
    // mysql -pSECRET (no space: the password is glued to the flag), mysqladmin, mysqldump.
    name: 'mysql-glued-password',
    pattern:
      /(\b(?:mysql|mysqladmin|mysqldump|mariadb|mysqlsh)\b[^\n|;&]{0,256}?[ \t]-p)([^\s"'|;&-][^\s"'|;&]{0,255})/g,
  },
  {
    // htpasswd -b[cBm...] file user password (the last argument).
    name: 'htpasswd-batch',
    pattern: new RegExp(
      `(\\bhtpasswd[ \\t]+-[a-zA-Z]*b[a-zA-Z]*[ \\t]+(?:${ARG}[ \\t]+){1,2})(${ARG})`,
      'g',
    ),
  },
  {
    // openssl -passin pass:xxx / -passout pass:xxx / -pass pass:xxx / -k xxx.
    name: 'openssl-pass-argument',
    pattern: /((?:-passin|-passout|-pass)[ \t]+pass:)([^\s"'|;&]{1,256})/g,
  },
  {
    // smbclient -U user%password, rpcclient, mount.cifs.
    name: 'user-percent-password',
    pattern: /((?:^|[\s"'])(?:-U|--user)[ \t]+[^\s%"']{1,128}%)([^\s"'|;&]{1,256})/g,
  },
  {
    // net use X: \\server\share /user:DOMAIN\user password
    name: 'net-use-password',
    pattern: new RegExp(
      `(\\bnet[ \\t]+use\\b[^\\n|;&]{0,256}?/user:[^\\s]{1,128}[ \\t]+)(${ARG})`,
      'gi',
    ),
  },
  {
    // PowerShell: ConvertTo-SecureString "pass" -AsPlainText, -String "pass".
    name: 'powershell-securestring',
    pattern: new RegExp(`(\\bConvertTo-SecureString[ \\t]+(?:-String[ \\t]+)?)(${ARG})`, 'gi'),
  },
  {
    // netrc(5): machine host login user password secret (one line, or `password x` on its own line).
    name: 'netrc-password',
    pattern:
      /(\b(?:machine|default)\b[^\n]{0,256}?\bpassword[ \t]+|^[ \t]*password[ \t]+)([^\s=:][^\s]{0,255})/gm,
  },
  {
    // net-snmp createUser NAME SHA "authpass" AES "privpass" (snmpd.conf(5)); both passphrases.
    name: 'snmp-create-user',
    pattern: new RegExp(
      `(\\bcreateUser[ \\t]+[^\\s]{1,64}[ \\t]+(?:MD5|SHA[-0-9]*)[ \\t]+)(${ARG}(?:[ \\t]+(?:DES|AES[0-9]*)[ \\t]+${ARG})?)`,
      'g',
    ),
  },
  {
    // echo pass | passwd --stdin user
    name: 'passwd-stdin',
    pattern: new RegExp(
      `(\\becho[ \\t]+(?:-n[ \\t]+)?)(${ARG})(?=[ \\t]*\\|[ \\t]*(?:sudo[ \\t]+)?passwd\\b)`,
      'g',
    ),
  },
];

export const redactCommandCredentials = (text: string): string =>
  rules.reduce(
    (current, rule) =>
      current.replace(rule.pattern, (match: string, head: string, secret: string) =>
        secret === REDACTED || secret.includes(REDACTED) ? match : `${head}${REDACTED}`,
      ),
    text,
  );
