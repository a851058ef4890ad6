/**
 * Secret shapes from real formats that the first corpus did not have: cloud-init modules whose keys
 * name no secret word, encoded write_files, YAML anchors, wrapped base64, env-style text, command
 * lines with credentials, URL passwords with `@`, signed query strings, JWKs, vendor API keys,
 * .netrc, Windows unattend variants, escaped and URL-encoded JSON. All values are fake.
 */
import { gzipSync } from 'node:zlib';
import { encodeBase64 } from '../redaction/base64';
import type { RedactionCorpusEntry } from './redactionCorpus';

const meta = (name: string) => ({
  name,
  namespace: 'vm-shapes',
  uid: `uid-${name}`,
  resourceVersion: '77',
});

const vm = (name: string, volumes: unknown[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: meta(name),
  spec: {
    runStrategy: 'Always',
    template: {
      spec: {
        domain: { devices: { disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }] } },
        volumes: [{ name: 'rootdisk', dataVolume: { name: `${name}-root` } }, ...volumes],
        ...extra,
      },
    },
  },
  status: { printableStatus: 'Running', ready: true },
});

const userDataVm = (name: string, userData: string) =>
  vm(name, [{ name: 'cloudinit', cloudInitNoCloud: { userData } }]);

const event = (name: string, reason: string, message: string) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: meta(name),
  involvedObject: { kind: 'VirtualMachineInstance', name: 'shape-vm', namespace: 'vm-shapes' },
  reason,
  message,
  type: 'Warning',
});

const launcherPod = (name: string, container: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta(name),
  spec: {
    containers: [{ name: 'compute', image: 'quay.io/kubevirt/virt-launcher:v1.6.0', ...container }],
  },
  status: { phase: 'Running' },
});

const configMap = (name: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: meta(name),
  data,
});

/** base64 wrapped at `width` columns, as PEM (64) and MIME/`base64` (76) write it. */
const wrap = (text: string, width: number) =>
  text.replace(new RegExp(`(.{${width}})`, 'g'), '$1\n');
const KEY_BODY =
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKjMzEfYyjiWA4RfakeKeyBodyForTests0123456789abcdefABCDEF';
const PKCS8 = `-----BEGIN PRIVATE KEY-----\n${wrap(KEY_BODY.repeat(2), 64)}\n-----END PRIVATE KEY-----`;
const PKCS1 = `-----BEGIN RSA PRIVATE KEY-----\n${wrap(KEY_BODY.repeat(2), 76)}\n-----END RSA PRIVATE KEY-----`;
const OPENSSH = `-----BEGIN OPENSSH PRIVATE KEY-----\n${wrap(`b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZWQyNTUxOQ${KEY_BODY}`, 70)}\n-----END OPENSSH PRIVATE KEY-----`;
const ENCRYPTED_PEM = `-----BEGIN ENCRYPTED PRIVATE KEY-----\n${wrap(`MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0BBQwwDgQI${KEY_BODY}`, 64)}\n-----END ENCRYPTED PRIVATE KEY-----`;

const gzB64 = (text: string) => gzipSync(Buffer.from(text)).toString('base64');

export const REDACTION_CORPUS_SHAPES: readonly RedactionCorpusEntry[] = [
  // ---------------- cloud-init modules without a secret word in their keys ----------------
  {
    name: 'cloud-init rh_subscription activation key',
    input: userDataVm(
      'rhsm',
      '#cloud-config\nrh_subscription:\n  activation-key: RhsmAct-7781-k\n  org: 1234567\n  auto-attach: true\n',
    ),
    secrets: ['RhsmAct-7781-k'],
    keep: ['rhsm'],
  },
  {
    name: 'cloud-init rh_subscription username and password',
    input: userDataVm(
      'rhsm-pw',
      '#cloud-config\nrh_subscription:\n  username: ops@example.com\n  password: RhsmPassw0rd-91\n',
    ),
    secrets: ['RhsmPassw0rd-91'],
  },
  {
    name: 'cloud-init landscape registration key',
    input: userDataVm(
      'landscape',
      '#cloud-config\nlandscape:\n  client:\n    url: https://landscape.example.com/message-system\n    registration_key: LandscapeReg-4410\n    account_name: ops\n',
    ),
    secrets: ['LandscapeReg-4410'],
  },
  {
    name: 'cloud-init ubuntu_pro token',
    input: userDataVm(
      'pro',
      '#cloud-config\nubuntu_pro:\n  token: C1UbuntuProTok3nZx8Qw2Er5Ty7Ui\n',
    ),
    secrets: ['C1UbuntuProTok3nZx8Qw2Er5Ty7Ui'],
  },
  {
    name: 'cloud-init users with plain_text_passwd and hashed_passwd',
    input: userDataVm(
      'users',
      '#cloud-config\nusers:\n  - name: ops\n    plain_text_passwd: PlainUserPw-31\n    hashed_passwd: $6$rounds=4096$saltsalt$HashedPwValueForTestsOnly0123\n    lock_passwd: false\n',
    ),
    secrets: ['PlainUserPw-31', 'HashedPwValueForTestsOnly0123'],
  },
  {
    name: 'cloud-init write_files with gz+b64 content',
    input: userDataVm(
      'gzfiles',
      `#cloud-config\nwrite_files:\n  - path: /etc/app/db.env\n    encoding: gz+b64\n    content: ${gzB64('DB_PASSWORD=GzippedDbPw-55\n')}\n`,
    ),
    secrets: ['GzippedDbPw-55'],
  },
  {
    name: 'cloud-init write_files with b64 content',
    input: userDataVm(
      'b64files',
      `#cloud-config\nwrite_files:\n  - path: /root/.pgpass\n    encoding: b64\n    content: ${encodeBase64('db:5432:app:app:PgpassB64Pw-66\n')}\n`,
    ),
    secrets: ['PgpassB64Pw-66'],
  },
  {
    name: 'cloud-init jinja template header',
    input: userDataVm(
      'jinja',
      '## template: jinja\n#cloud-config\nruncmd:\n  - echo "{{ v1.instance_id }}"\n  - curl -u deploy:JinjaCurlPw-12 https://repo.example.com/setup.sh | sh\n',
    ),
    secrets: ['JinjaCurlPw-12'],
  },
  {
    name: 'cloud-init YAML anchors reuse a password',
    input: userDataVm(
      'anchors',
      '#cloud-config\ndefaults: &creds\n  pw: AnchoredPw-808\nusers:\n  - name: a\n    <<: *creds\n',
    ),
    secrets: ['AnchoredPw-808'],
  },
  {
    name: 'cloud-init runcmd with sshpass and mysql -p',
    input: userDataVm(
      'runcmd',
      '#cloud-config\nruncmd:\n  - sshpass -p SshpassPw-99 scp backup@10.0.0.5:/b .\n  - mysql -uroot -pMysqlGluedPw-42 -e "select 1"\n',
    ),
    secrets: ['SshpassPw-99', 'MysqlGluedPw-42'],
  },
  {
    name: 'cloud-init bootcmd with podman login -p',
    input: userDataVm(
      'bootcmd',
      '#cloud-config\nbootcmd:\n  - podman login -u robot -p PodmanRobotPw-17 registry.example.com\n',
    ),
    secrets: ['PodmanRobotPw-17'],
  },
  {
    name: 'script user data exporting env-style secrets with spaces',
    input: userDataVm(
      'script',
      '#!/bin/bash\nexport DB_PASS = SpacedExportPw-3\nMYSQL_PWD=MysqlPwdEnv-4 mysql app\nexport API_KEY="QuotedExportKey-5"\n',
    ),
    secrets: ['SpacedExportPw-3', 'MysqlPwdEnv-4', 'QuotedExportKey-5'],
  },
  {
    name: 'networkData with a wifi password',
    input: vm('netdata', [
      {
        name: 'cloudinit',
        cloudInitNoCloud: {
          networkData:
            'version: 2\nwifis:\n  wlan0:\n    access-points:\n      corp:\n        password: WifiNetPw-2024\n',
        },
      },
    ]),
    secrets: ['WifiNetPw-2024'],
  },
  {
    name: 'base64 user data wrapped at 76 columns',
    input: vm('wrapped', [
      {
        name: 'cloudinit',
        cloudInitNoCloud: {
          userDataBase64: wrap(
            encodeBase64('#cloud-config\npassword: WrappedB64Pw-76\nchpasswd: { expire: False }\n'),
            76,
          ),
        },
      },
    ]),
    secrets: ['WrappedB64Pw-76'],
  },
  {
    name: 'config drive user data as a MIME archive',
    input: vm('mime', [
      {
        name: 'cloudinit',
        cloudInitConfigDrive: {
          userData:
            'Content-Type: multipart/mixed; boundary="==B=="\nMIME-Version: 1.0\n\n--==B==\nContent-Type: text/x-shellscript\n\n#!/bin/sh\necho ops:MimeChpasswd-1 | chpasswd\n--==B==--\n',
        },
      },
    ]),
    secrets: ['MimeChpasswd-1'],
  },
  // ---------------- keys and certificates in real encodings ----------------
  {
    name: 'PKCS#8 private key wrapped at 64 columns in an event',
    input: event('pkcs8', 'FailedMount', `unable to parse key: ${PKCS8}`),
    secrets: [KEY_BODY.slice(0, 40)],
  },
  {
    name: 'PKCS#1 key wrapped at 76 columns in a ConfigMap',
    input: configMap('pkcs1', { 'tls.key': PKCS1 }),
    secrets: [KEY_BODY.slice(0, 40)],
  },
  {
    name: 'OpenSSH private key in write_files',
    input: userDataVm(
      'openssh',
      `#cloud-config\nwrite_files:\n  - path: /root/.ssh/id_ed25519\n    permissions: '0600'\n    content: |\n${OPENSSH.split(
        '\n',
      )
        .map((line) => `      ${line}`)
        .join('\n')}\n`,
    ),
    secrets: [KEY_BODY.slice(0, 40)],
  },
  {
    name: 'encrypted PKCS#8 key in a log line',
    input: `level=error msg="bad key" key="${ENCRYPTED_PEM.replace(/\n/g, '\\n')}"`,
    secrets: ['MIIFHzBJBgkqhkiG9w0BBQ0wPDAbBgkqhkiG9w0B'],
  },
  {
    name: 'private JWK in a ConfigMap',
    input: configMap('jwk', {
      'jwks.json': JSON.stringify({
        keys: [
          {
            kty: 'RSA',
            kid: 'k1',
            n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw',
            e: 'AQAB',
            d: 'JwkPrivateExponentD-9Qw8Er7Ty6Ui5Op4',
            p: 'JwkPrimeP-3As2Df1Gh0Jk9Lz8',
            q: 'JwkPrimeQ-7Xc6Vb5Nm4Qw3Er2',
          },
        ],
      }),
    }),
    secrets: [
      'JwkPrivateExponentD-9Qw8Er7Ty6Ui5Op4',
      'JwkPrimeP-3As2Df1Gh0Jk9Lz8',
      'JwkPrimeQ-7Xc6Vb5Nm4Qw3Er2',
    ],
    keep: ['AQAB'],
  },
  {
    name: 'symmetric JWK (oct) in an event message',
    input: event(
      'jwk-oct',
      'Failed',
      'invalid signing key {"kty":"oct","kid":"hmac","k":"OctSymmetricKey-GfMq8Zq2Wx"}',
    ),
    secrets: ['OctSymmetricKey-GfMq8Zq2Wx'],
  },
  // ---------------- credentials in files of well-known formats ----------------
  {
    name: '.netrc in write_files',
    input: userDataVm(
      'netrc',
      '#cloud-config\nwrite_files:\n  - path: /root/.netrc\n    content: |\n      machine artifacts.example.com login ci password NetrcInlinePw-8\n      machine git.example.com\n        login bot\n        password NetrcLinePw-9\n',
    ),
    secrets: ['NetrcInlinePw-8', 'NetrcLinePw-9'],
  },
  {
    name: 'docker config.json with auth and identitytoken',
    input: configMap('dockercfg', {
      'config.json': JSON.stringify({
        auths: {
          'quay.io': {
            auth: encodeBase64('robot:DockerAuthPw-21'),
            identitytoken: 'IdentityTok-31Qw9Er8',
          },
        },
      }),
    }),
    secrets: ['DockerAuthPw-21', 'IdentityTok-31Qw9Er8'],
  },
  {
    name: 'kubeconfig with exec env and auth-provider refresh token',
    input: configMap('kubecfg', {
      kubeconfig:
        'apiVersion: v1\nkind: Config\nusers:\n- name: u\n  user:\n    auth-provider:\n      config:\n        refresh-token: RefreshTok-88Zx7Cv6\n        client-secret: OidcClientSecret-12\n    exec:\n      env:\n      - name: AWS_SECRET_ACCESS_KEY\n        value: ExecEnvSecret-77Qq\n',
    }),
    secrets: ['RefreshTok-88Zx7Cv6', 'OidcClientSecret-12', 'ExecEnvSecret-77Qq'],
  },
  {
    name: 'AWS credentials file',
    input: configMap('awscreds', {
      credentials:
        '[default]\naws_access_key_id = AKIAIOSFODNN7SHAPES1\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYSHAPESKEY1\n',
    }),
    secrets: ['AKIAIOSFODNN7SHAPES1', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSHAPESKEY1'],
  },
  {
    name: 'GCP service-account JSON',
    input: configMap('gcpsa', {
      'sa.json': JSON.stringify({
        type: 'service_account',
        project_id: 'p',
        private_key_id: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0',
        private_key: PKCS8,
        client_email: 'sa@p.iam.gserviceaccount.com',
      }),
    }),
    secrets: ['a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0', KEY_BODY.slice(0, 40)],
    keep: ['service_account'],
  },
  {
    name: 'Azure storage connection string',
    input: event(
      'azconn',
      'Failed',
      'export failed: DefaultEndpointsProtocol=https;AccountName=vmbackups;AccountKey=AzAccountKey0123456789abcdefABCDEF==;EndpointSuffix=core.windows.net',
    ),
    secrets: ['AzAccountKey0123456789abcdefABCDEF=='],
    keep: ['AccountName=vmbackups'],
  },
  {
    name: 'Windows unattend AutoLogon and LocalAccount passwords',
    input: configMap('unattend', {
      'autounattend.xml':
        '<unattend><settings pass="oobeSystem"><component><AutoLogon><Password><Value>AutoLogonPw-5</Value><PlainText>true</PlainText></Password><Username>Administrator</Username></AutoLogon><UserAccounts><LocalAccounts><LocalAccount><Password><Value>LocalAcctPw-6</Value></Password><Name>ops</Name></LocalAccount></LocalAccounts></UserAccounts></component></settings></unattend>',
    }),
    secrets: ['AutoLogonPw-5', 'LocalAcctPw-6'],
    keep: ['Administrator'],
  },
  {
    name: 'Windows unattend domain join credentials',
    input: configMap('djoin', {
      'unattend.xml':
        '<Identification><Credentials><Domain>corp</Domain><Password>DomainJoinPw-7</Password><Username>joiner</Username></Credentials><JoinDomain>corp.example.com</JoinDomain></Identification>',
    }),
    secrets: ['DomainJoinPw-7'],
  },
  {
    name: 'sysprep FirstLogonCommands with net use and ConvertTo-SecureString',
    input: configMap('firstlogon', {
      'unattend.xml':
        '<FirstLogonCommands><SynchronousCommand><CommandLine>net use Z: \\\\files\\share /user:CORP\\svc NetUseSvcPw-8</CommandLine></SynchronousCommand><SynchronousCommand><CommandLine>powershell -c "$p = ConvertTo-SecureString \'PsSecureStr-9\' -AsPlainText -Force"</CommandLine></SynchronousCommand></FirstLogonCommands>',
    }),
    secrets: ['NetUseSvcPw-8', 'PsSecureStr-9'],
  },
  // ---------------- container env, args and probes ----------------
  {
    name: 'launcher pod with secret-named env and credential args',
    input: launcherPod('envargs', {
      env: [
        { name: 'MYSQL_PWD', value: 'PodEnvMysqlPwd-1' },
        { name: 'REGISTRY_CREDS', value: 'u:PodEnvCreds-2' },
      ],
      args: ['--registry-creds', 'bot:PodArgCreds-3', '--log-level=debug'],
    }),
    secrets: ['PodEnvMysqlPwd-1', 'PodEnvCreds-2', 'PodArgCreds-3'],
  },
  {
    name: 'exec probe with redis-cli -a',
    input: launcherPod('probe', {
      readinessProbe: {
        exec: { command: ['sh', '-c', 'redis-cli -a RedisProbePw-4 ping'] },
        periodSeconds: 10,
      },
    }),
    secrets: ['RedisProbePw-4'],
  },
  {
    name: 'httpGet probe with an Authorization header',
    input: launcherPod('hdr', {
      livenessProbe: {
        httpGet: {
          path: '/health',
          port: 8080,
          httpHeaders: [{ name: 'Authorization', value: 'Basic UHJvYmVIZHJQdy01OnBhc3M=' }],
        },
      },
    }),
    secrets: ['UHJvYmVIZHJQdy01OnBhc3M='],
  },
  // ---------------- URLs ----------------
  {
    name: 'DataVolume http source with a password containing @',
    input: {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: meta('atpw'),
      spec: {
        source: { http: { url: 'https://importer:Imp@rter-P@ss1@images.example.com/rhel9.qcow2' } },
      },
    },
    secrets: ['rter-P@ss1', 'Imp@rter-P@ss1'],
    keep: ['images.example.com'],
  },
  {
    name: 'S3 presigned URL in an importer event',
    input: event(
      'presign',
      'Error',
      'Unable to connect to https://bucket.s3.amazonaws.com/disk.img?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7PRESIGN%2F20261120&X-Amz-Signature=5b1f2e9d8c7a6b5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0',
    ),
    secrets: [
      '5b1f2e9d8c7a6b5f4e3d2c1b0a9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0',
      'AKIAIOSFODNN7PRESIGN',
    ],
    keep: ['bucket.s3.amazonaws.com'],
  },
  {
    name: 'Azure SAS URL',
    input: event(
      'sas',
      'Error',
      'GET https://acct.blob.core.windows.net/vhds/disk.vhd?sv=2022-11-02&ss=b&sp=r&se=2026-12-01&sig=SasSignatureQw8%2BEr7Ty6%3D failed: 403',
    ),
    secrets: ['SasSignatureQw8'],
  },
  {
    name: 'Google signed URL',
    input:
      'download https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=GoogSig0a1b2c3d4e5f60718293a4b5c6d7e8f9 failed',
    secrets: ['GoogSig0a1b2c3d4e5f60718293a4b5c6d7e8f9'],
  },
  {
    name: 'database URLs in an event message',
    input: event(
      'dburls',
      'Failed',
      'backup hook: postgres://app:PgUrlPw-33@db:5432/app and mongodb+srv://u:MongoUrlPw-44@c.mongodb.net failed',
    ),
    secrets: ['PgUrlPw-33', 'MongoUrlPw-44'],
    keep: ['db:5432/app'],
  },
  {
    name: 'git clone URL with an OAuth token',
    input: 'git clone https://oauth2:OauthCloneTok-55Qw@gitlab.example.com/vm/config.git',
    secrets: ['OauthCloneTok-55Qw'],
    keep: ['gitlab.example.com/vm/config.git'],
  },
  // ---------------- tokens by vendor and free text ----------------
  {
    name: 'vendor API keys in a log',
    input:
      'OPENAI=sk-proj-AbCdEf1234567890GhIjKlMnOpQr anthropic sk-ant-api03-ZyXwVu9876543210TsRqPoNm google AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU npm npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
    secrets: [
      'sk-proj-AbCdEf1234567890GhIjKlMnOpQr',
      'sk-ant-api03-ZyXwVu9876543210TsRqPoNm',
      'AIzaSyA1b2C3d4E5f6G7h8I9j0KlMnOpQrStU',
      'npm_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789',
    ],
  },
  {
    name: 'SendGrid and Stripe keys',
    input: event(
      'vendors',
      'Failed',
      'mail hook SG.AbCdEfGhIjKlMnOpQrStUv.WxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz01 stripe sk_live_AbCdEf0123456789GhIjKl',
    ),
    secrets: ['WxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz01', 'sk_live_AbCdEf0123456789GhIjKl'],
  },
  {
    name: 'unknown random token in free text',
    input: event(
      'random',
      'Failed',
      'agent registration failed with key Zk9Qa1xR7tYw2Vb8Nc3Md6Lp0Ke5Jh4G',
    ),
    secrets: ['Zk9Qa1xR7tYw2Vb8Nc3Md6Lp0Ke5Jh4G'],
    keep: ['agent registration failed'],
  },
  {
    name: 'curl -u and --user in an event',
    input: event(
      'curl',
      'Failed',
      'hook: curl -sf -u admin:CurlUserPw-66 https://x/ || curl --user ops:CurlLongPw-67 https://y/',
    ),
    secrets: ['CurlUserPw-66', 'CurlLongPw-67'],
  },
  {
    name: 'skopeo --src-creds and helm registry login',
    input:
      'skopeo copy --src-creds robot:SkopeoSrcPw-1 docker://a docker://b && helm registry login reg.example.com -u bot -p HelmRegPw-2',
    secrets: ['SkopeoSrcPw-1', 'HelmRegPw-2'],
  },
  {
    name: 'openssl -passin, htpasswd -b and ldapsearch -w',
    input:
      'openssl pkcs12 -in c.p12 -passin pass:OsslPassin-3 ; htpasswd -bc /etc/htpw admin HtpasswdPw-4 ; ldapsearch -x -w LdapBindPw-5 -D cn=admin',
    secrets: ['OsslPassin-3', 'HtpasswdPw-4', 'LdapBindPw-5'],
  },
  {
    name: 'smbclient user%password and echo | passwd --stdin',
    input:
      'smbclient //srv/share -U backup%SmbPercentPw-6 -c ls; echo StdinPasswd-7 | passwd --stdin ops',
    secrets: ['SmbPercentPw-6', 'StdinPasswd-7'],
  },
  {
    name: 'PowerShell env assignment and -Password argument',
    input:
      '$env:API_KEY = "PsEnvApiKey-8"; New-LocalUser ops -Password (ConvertTo-SecureString "PsNewUserPw-9" -AsPlainText -Force)',
    secrets: ['PsEnvApiKey-8', 'PsNewUserPw-9'],
  },
  {
    name: 'escaped JSON inside a JSON log line',
    input: JSON.stringify({
      level: 'error',
      msg: 'apply failed',
      body: JSON.stringify({ stringData: { password: 'EscapedJsonPw-10' }, kind: 'Secret' }),
    }),
    secrets: ['EscapedJsonPw-10'],
  },
  {
    name: 'URL-encoded form body in an error',
    input: event(
      'form',
      'Failed',
      'POST /login body=username%3Dops%26password%3DFormEncodedPw-11%26remember%3D1 returned 500',
    ),
    secrets: ['FormEncodedPw-11'],
  },
  {
    name: 'HTTP Digest authorization header',
    input:
      'Authorization: Digest username="ops", realm="r", nonce="abc", uri="/", response="6629fae49393a05397450978507c4ef1"',
    secrets: ['6629fae49393a05397450978507c4ef1'],
  },
  {
    name: 'Cookie and X-API-Key headers in a log',
    input: 'request headers: Cookie: session=SessionCookieVal-12; X-API-Key: XApiKeyHeader-13',
    secrets: ['SessionCookieVal-12', 'XApiKeyHeader-13'],
  },
  {
    name: 'Vault, Docker Hub, Hugging Face and PyPI tokens',
    input:
      'VAULT hvs.CAESIVaultTok3nQw8Er7Ty6Ui5Op4As3Df docker dckr_pat_DockerHubPat0123456789ab hf hf_HuggingFaceTok0123456789abcdefGHIJ pypi pypi-AgEIcHlwaS5vcmcCJPypiTok0123456789',
    secrets: [
      'hvs.CAESIVaultTok3nQw8Er7Ty6Ui5Op4As3Df',
      'dckr_pat_DockerHubPat0123456789ab',
      'hf_HuggingFaceTok0123456789abcdefGHIJ',
      'pypi-AgEIcHlwaS5vcmcCJPypiTok0123456789',
    ],
  },
  {
    name: 'Slack and Discord webhook URLs',
    input: event(
      'webhooks',
      'Failed',
      'notify https://hooks.slack.com/services/T0ABCDEF1/B0ABCDEF2/SlackHookSecret0123456789 and https://discord.com/api/webhooks/123456789012345678/DiscordHookSecret-Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk',
    ),
    secrets: ['SlackHookSecret0123456789', 'DiscordHookSecret-Qw8Er7Ty6Ui5Op4As3Df2Gh1Jk'],
  },
  {
    name: 'kubeadm join with a bootstrap token and discovery hash',
    input: userDataVm(
      'kubeadm',
      '#cloud-config\nruncmd:\n  - kubeadm join 10.0.0.1:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n',
    ),
    secrets: ['abcdef.0123456789abcdef'],
  },
  {
    name: 'k3s / rke2 join token in a config file',
    input: userDataVm(
      'k3s',
      '#cloud-config\nwrite_files:\n  - path: /etc/rancher/k3s/config.yaml\n    content: |\n      server: https://10.0.0.1:6443\n      token: K10RancherJoinTok3n::server:Qw8Er7Ty6Ui5Op4As3\n',
    ),
    secrets: ['K10RancherJoinTok3n::server:Qw8Er7Ty6Ui5Op4As3'],
  },
  {
    name: 'WireGuard private key in write_files',
    input: userDataVm(
      'wg',
      '#cloud-config\nwrite_files:\n  - path: /etc/wireguard/wg0.conf\n    content: |\n      [Interface]\n      PrivateKey = yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk=\n      Address = 10.8.0.2/24\n',
    ),
    secrets: ['yAnz5TF+lXXJte14tji3zlMNq+hd2rYUIgJBgB3fBmk='],
    keep: ['Address = 10.8.0.2/24'],
  },
  {
    name: 'chrony / NTP and SNMP community secrets',
    input: configMap('snmp', {
      'snmpd.conf':
        'rocommunity SnmpCommunity-Qw8Er7 10.0.0.0/8\ncreateUser ops SHA "SnmpAuthPass-1" AES "SnmpPrivPass-2"\n',
    }),
    secrets: ['SnmpAuthPass-1', 'SnmpPrivPass-2'],
  },
  {
    name: 'Java keystore and truststore passwords as JVM flags',
    input: launcherPod('jvm', {
      command: [
        'java',
        '-Djavax.net.ssl.keyStorePassword=JksStorePw-3',
        '-Djavax.net.ssl.trustStorePassword=JksTrustPw-4',
        '-jar',
        'agent.jar',
      ],
    }),
    secrets: ['JksStorePw-3', 'JksTrustPw-4'],
  },
  {
    name: 'Ansible vault password and become password in a log',
    input:
      'ansible-playbook site.yml --vault-password VaultCliPw-5 -e ansible_become_password=BecomePw-6',
    secrets: ['VaultCliPw-5', 'BecomePw-6'],
  },
  {
    name: 'ipsec pre-shared key and psk in a ConfigMap',
    input: configMap('ipsec', {
      'ipsec.secrets': ': PSK "IpsecPreShared-7"\n',
      'wpa.conf': 'network={\n  ssid="corp"\n  psk="WpaPsk-Passphrase-8"\n}\n',
    }),
    secrets: ['IpsecPreShared-7', 'WpaPsk-Passphrase-8'],
  },
  {
    name: 'SMTP password in a mail relay config',
    input: configMap('postfix', {
      sasl_passwd: '[smtp.example.com]:587 relay@example.com:SmtpRelayPw-9\n',
    }),
    secrets: ['SmtpRelayPw-9'],
  },
  {
    name: 'lower-case keys naming a password by word',
    input: configMap('words', {
      'app.yaml': 'root_pw: RootPwWord-1\nadminPass = AdminPassWord-2\ndb-pwd: DbPwdWord-3\n',
    }),
    secrets: ['RootPwWord-1', 'AdminPassWord-2', 'DbPwdWord-3'],
  },
  {
    name: 'ipmitool -P and sqlcmd -P',
    input: event(
      'bmc',
      'Failed',
      'fence agent: ipmitool -I lanplus -H bmc01 -U admin -P IpmiFencePw-4 power status; sqlcmd -S db -U sa -P SqlcmdPw-5',
    ),
    secrets: ['IpmiFencePw-4', 'SqlcmdPw-5'],
  },
  {
    name: 'Quay robot token (upper case and digits)',
    input:
      'podman pull with robot token Q8ZK3N1W9X0YJ4T7R2V6M5B8C1D3F7G9H2J4K6L8P0S3U5W7Y9A1E failed',
    secrets: ['Q8ZK3N1W9X0YJ4T7R2V6M5B8C1D3F7G9H2J4K6L8P0S3U5W7Y9A1E'],
  },
  {
    name: 'Windows product key in a guest agent message',
    input: event(
      'prodkey',
      'GuestAgent',
      'slmgr /ipk NPPR9-FWDCX-D2C8J-H872K-2YT43 returned 0xC004F050',
    ),
    secrets: ['NPPR9-FWDCX-D2C8J-H872K-2YT43'],
    keep: ['0xC004F050'],
  },
];
