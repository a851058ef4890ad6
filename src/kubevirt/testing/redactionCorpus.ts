/**
 * Realistic objects and texts carrying secrets, each with the exact secret strings that must never
 * leave the plugin or the MCP server, and the harmless facts that must survive redaction.
 * Shared by the redaction, prompt and MCP-server tests (every path out is checked against it).
 */
import { gunzipSync } from 'node:zlib';
import { decodeBase64, encodeBase64 } from '../redaction/base64';
import { REDACTION_CORPUS_SHAPES } from './redactionCorpusShapes';

export interface RedactionCorpusEntry {
  name: string;
  input: unknown;
  /** Strings that must not appear in any redacted output (nor in base64 inside it). */
  secrets: string[];
  /** Strings that must still appear after redaction: names, statuses, harmless config. */
  keep?: string[];
}

const b64 = encodeBase64;

// ---- secret material (fake, but shaped like the real thing) ----
const PEM_BODY_RSA =
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0';
const PEM_BODY_CERT =
  'MIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBaMQswCQYDVQQGEwJJRTESMBAGA1UE';
const PEM_BODY_EC = 'MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oYNjB3Ahx0mjoAoGCCqGSM49AwEHoUQDQgAE';
const PEM_BODY_OPENSSH = 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW';
const pem = (label: string, body: string): string =>
  `-----BEGIN ${label}-----\n${body}\n${body.split('').reverse().join('')}\n-----END ${label}-----\n`;
const RSA_KEY = pem('RSA PRIVATE KEY', PEM_BODY_RSA);
const CERT = pem('CERTIFICATE', PEM_BODY_CERT);
const EC_KEY = pem('EC PRIVATE KEY', PEM_BODY_EC);
const OPENSSH_KEY = pem('OPENSSH PRIVATE KEY', PEM_BODY_OPENSSH);
const SSH_RSA_BLOB = 'AAAAB3NzaC1yc2EAAAADAQABAAABAQDfakeKeyMaterialXq9Vb2Lr7Tt0Yw3Zs8Pq';
const SSH_ED_BLOB = 'AAAAC3NzaC1lZDI1NTE5AAAAIFakeEd25519KeyMaterialQw7Er5Ty3Ui1Op9';
const SSH_ECDSA_BLOB = 'AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBFakeEcdsa';
const JWT =
  'eyJhbGciOiJSUzI1NiIsImtpZCI6IkZha2VLaWQifQ.eyJpc3MiOiJrdWJlcm5ldGVzL3NlcnZpY2VhY2NvdW50In0.c2lnbmF0dXJlRmFrZVNpZw';
const OCP_TOKEN = 'sha256~Xk3jR9fLq2WvB7nTz5YhPc1MdGs8uAeKo4iNl6rQw0E';
const AWS_KEY_ID = 'AKIAIOSFODNN7EXAMPLQ';
const AWS_SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEYQ';
const GH_TOKEN = 'ghp_16C7e42F292c6912E7710c838347Ae178B4a';

const meta = (name: string, namespace = 'vm-prod', extra: Record<string, unknown> = {}) => ({
  name,
  namespace,
  uid: `uid-${name}`,
  resourceVersion: '4242',
  ...extra,
});

const runningStatus = {
  printableStatus: 'Running',
  ready: true,
  conditions: [{ type: 'Ready', status: 'True', reason: 'AllGood', message: 'VM is ready' }],
};

const vmWithVolumes = (
  name: string,
  volumes: unknown[],
  extraMeta: Record<string, unknown> = {},
) => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: meta(name, 'vm-prod', extraMeta),
  spec: {
    runStrategy: 'Always',
    template: {
      metadata: { labels: { 'kubevirt.io/domain': name } },
      spec: {
        domain: { devices: { disks: [{ name: 'rootdisk', disk: { bus: 'virtio' } }] } },
        volumes: [
          { name: 'rootdisk', containerDisk: { image: 'quay.io/containerdisks/fedora:40' } },
          ...volumes,
        ],
      },
    },
  },
  status: runningStatus,
});

const cloudInitVm = (name: string, userData: string, source = 'cloudInitNoCloud') =>
  vmWithVolumes(name, [{ name: 'cloudinit', [source]: { userData } }]);

const cloudInitVmBase64 = (name: string, userData: string) =>
  vmWithVolumes(name, [{ name: 'cloudinit', cloudInitNoCloud: { userDataBase64: b64(userData) } }]);

const secret = (
  name: string,
  type: string,
  data: Record<string, string>,
  asStringData = false,
) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: meta(name),
  type,
  [asStringData ? 'stringData' : 'data']: asStringData
    ? data
    : Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
});

const configMap = (name: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: meta(name),
  data,
});

const event = (name: string, reason: string, message: string, kind = 'VirtualMachineInstance') => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: meta(name),
  involvedObject: { kind, name: 'web-01', namespace: 'vm-prod' },
  reason,
  message,
  type: 'Warning',
  count: 3,
});

const kubeconfigYaml = (user: string) => `apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: ${b64(CERT)}
    server: https://api.ocp.example.com:6443
  name: ocp
contexts:
- context:
    cluster: ocp
    user: admin
    namespace: vm-prod
  name: admin@ocp
current-context: admin@ocp
users:
- name: admin
  user:
${user}`;

const CLOUD_CONFIG_FULL = `#cloud-config
# Fedora web server
user: fedora
password: Fedora-Cl0ud-Pw!
chpasswd:
  expire: false
  list: |
    root:R00t-Chpasswd-Pw
    fedora:Fed-Chpasswd-Pw2
ssh_pwauth: true
ssh_authorized_keys:
  - ssh-rsa ${SSH_RSA_BLOB} admin@bastion
  - ssh-ed25519 ${SSH_ED_BLOB} ops@laptop
packages:
  - nginx
  - qemu-guest-agent
runcmd:
  - systemctl enable --now nginx
`;

const FIRST_CORPUS: readonly RedactionCorpusEntry[] = [
  // ---------------- VMs and VMIs with cloud-init ----------------
  {
    name: 'vm cloud-init NoCloud inline: password, chpasswd list, ssh keys',
    input: cloudInitVm('web-01', CLOUD_CONFIG_FULL),
    secrets: [
      'Fedora-Cl0ud-Pw!',
      'R00t-Chpasswd-Pw',
      'Fed-Chpasswd-Pw2',
      SSH_RSA_BLOB,
      SSH_ED_BLOB,
    ],
    keep: [
      'web-01',
      'ssh_pwauth: true',
      'qemu-guest-agent',
      'systemctl enable --now nginx',
      'Running',
      'expire: false',
    ],
  },
  {
    name: 'vm cloud-init userDataBase64',
    input: cloudInitVmBase64('web-02', CLOUD_CONFIG_FULL),
    secrets: ['Fedora-Cl0ud-Pw!', 'R00t-Chpasswd-Pw', SSH_RSA_BLOB, SSH_ED_BLOB],
    keep: ['web-02', 'qemu-guest-agent', 'ssh_pwauth: true'],
  },
  {
    name: 'vm cloud-init ConfigDrive with users hashed_passwd and plain_text_passwd',
    input: cloudInitVm(
      'db-01',
      `#cloud-config
users:
  - name: dbadmin
    lock_passwd: false
    hashed_passwd: $6$rounds=4096$saltsalt$Hq0bFakeHashedPasswdValue0123456789
    plain_text_passwd: Plain-Text-Db-Pw
    sudo: ALL=(ALL) NOPASSWD:ALL
    ssh_authorized_keys:
      - ecdsa-sha2-nistp256 ${SSH_ECDSA_BLOB} dba@host
timezone: Europe/Paris
`,
      'cloudInitConfigDrive',
    ),
    secrets: ['Hq0bFakeHashedPasswdValue0123456789', 'Plain-Text-Db-Pw', SSH_ECDSA_BLOB],
    keep: ['db-01', 'dbadmin', 'lock_passwd: false', 'timezone: Europe/Paris'],
  },
  {
    name: 'vm cloud-init chpasswd users (new format)',
    input: cloudInitVm(
      'app-01',
      `#cloud-config
chpasswd:
  expire: true
  users:
    - name: root
      password: Chpw-Users-Root-1
      type: text
    - name: cloud-user
      password: Chpw-Users-Cloud-2
      type: text
package_upgrade: true
`,
    ),
    secrets: ['Chpw-Users-Root-1', 'Chpw-Users-Cloud-2'],
    keep: ['app-01', 'cloud-user', 'package_upgrade: true', 'type: text'],
  },
  {
    name: 'vm cloud-init flow-style chpasswd list',
    input: cloudInitVm(
      'app-02',
      `#cloud-config
chpasswd: { list: "root:Flow-List-Pw-9\\ncentos:Flow-List-Pw-10", expire: False }
hostname: app-02-host
`,
    ),
    secrets: ['Flow-List-Pw-9', 'Flow-List-Pw-10'],
    keep: ['app-02-host'],
  },
  {
    name: 'vm cloud-init chpasswd list as a YAML sequence',
    input: cloudInitVmBase64(
      'app-03',
      `#cloud-config
chpasswd:
  list:
    - root:Seq-List-Pw-1
    - admin:Seq-List-Pw-2
  expire: false
`,
    ),
    secrets: ['Seq-List-Pw-1', 'Seq-List-Pw-2'],
    keep: ['admin:'],
  },
  {
    name: 'vm cloud-init that is not valid YAML (tab indentation): text fallback',
    input: cloudInitVm(
      'broken-yaml-01',
      '#cloud-config\npassword: Broken-Yaml-Pw-1\nchpasswd:\n\tlist: |\n\t\troot:Broken-Yaml-Chpw-2\n\t\tcentos:Broken-Yaml-Chpw-3\nhostname: broken-yaml-host\n',
    ),
    secrets: ['Broken-Yaml-Pw-1', 'Broken-Yaml-Chpw-2', 'Broken-Yaml-Chpw-3'],
    keep: ['hostname: broken-yaml-host', 'root:', 'centos:'],
  },
  {
    name: 'log line with a cut, JSON-escaped cloud-config',
    input:
      `virt-launcher: {"userData":${JSON.stringify('#cloud-config\nchpasswd:\n  list: |\n    root:Cut-Json-Chpw-1\n    admin:Cut-Json-Chpw-2\n  expire: false\npackages: [htop]')}`.slice(
        0,
        150,
      ),
    secrets: ['Cut-Json-Chpw-1', 'Cut-Json-Chpw-2'],
    keep: ['virt-launcher', 'root:'],
  },
  {
    name: 'vm cloud-init ssh_keys with private host keys',
    input: cloudInitVm(
      'bastion-01',
      `#cloud-config
ssh_keys:
  rsa_private: |
${RSA_KEY.split('\n')
  .map((line) => `    ${line}`)
  .join('\n')}
  rsa_public: ssh-rsa ${SSH_RSA_BLOB} root@bastion
ssh_pwauth: false
`,
    ),
    secrets: [PEM_BODY_RSA, SSH_RSA_BLOB],
    keep: ['bastion-01', 'ssh_pwauth: false'],
  },
  {
    name: 'vm cloud-init write_files with a base64 token file and an env file',
    input: cloudInitVm(
      'worker-01',
      `#cloud-config
write_files:
  - path: /etc/app/token
    encoding: b64
    content: ${b64('api_token=WriteFiles-B64-Token-77\nregion=eu-west-1\n')}
  - path: /etc/app/db.env
    content: |
      DB_HOST=db.internal
      DB_PASSWORD=WriteFiles-Db-Pw-55
runcmd:
  - [ systemctl, restart, app ]
`,
    ),
    secrets: ['WriteFiles-B64-Token-77', 'WriteFiles-Db-Pw-55'],
    keep: ['/etc/app/db.env', 'DB_HOST=db.internal', 'region=eu-west-1'],
  },
  {
    name: 'vm shell-script user data',
    input: cloudInitVm(
      'legacy-01',
      `#!/bin/bash
echo "root:Shell-Chpasswd-Pw" | chpasswd
export API_TOKEN=Shell-Export-Token-31
curl -H "Authorization: Bearer ${JWT}" https://config.example.com/bootstrap
yum install -y httpd
`,
    ),
    secrets: ['Shell-Chpasswd-Pw', 'Shell-Export-Token-31', JWT],
    keep: ['yum install -y httpd', 'legacy-01'],
  },
  {
    name: 'vm with last-applied-configuration carrying cloud-init password',
    input: vmWithVolumes(
      'web-03',
      [{ name: 'cloudinit', cloudInitNoCloud: { userDataSecretRef: { name: 'web-03-ud' } } }],
      {
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({
            spec: {
              template: {
                spec: {
                  volumes: [{ cloudInitNoCloud: { userData: 'password: LastApplied-Pw-1' } }],
                },
              },
            },
          }),
          'vm.kubevirt.io/os': 'fedora',
        },
      },
    ),
    secrets: ['LastApplied-Pw-1'],
    keep: ['web-03-ud', 'vm.kubevirt.io/os'],
  },
  {
    name: 'vm with managedFields',
    input: {
      ...cloudInitVm('web-04', '#cloud-config\npassword: Managed-Vm-Pw-4\n'),
      metadata: {
        ...meta('web-04'),
        managedFields: [
          {
            manager: 'kubectl-client-side-apply',
            fieldsV1: { 'f:spec': { 'f:password': {} } },
            note: 'Managed-Field-Marker-Secret',
          },
        ],
      },
    },
    secrets: ['Managed-Vm-Pw-4', 'Managed-Field-Marker-Secret'],
    keep: ['web-04'],
  },
  {
    name: 'vmi with cloud-init and failing condition',
    input: {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachineInstance',
      metadata: meta('web-05'),
      spec: {
        volumes: [
          {
            name: 'cloudinit',
            cloudInitNoCloud: {
              userData: '#cloud-config\npassword: Vmi-Cloud-Pw-5\nhostname: web-05\n',
            },
          },
        ],
      },
      status: {
        phase: 'Scheduling',
        conditions: [
          {
            type: 'PodScheduled',
            status: 'False',
            reason: 'Unschedulable',
            message: '0/3 nodes are available: insufficient memory.',
          },
        ],
      },
    },
    secrets: ['Vmi-Cloud-Pw-5'],
    keep: ['Unschedulable', '0/3 nodes are available: insufficient memory.', 'hostname: web-05'],
  },
  {
    name: 'openshift Template with a VM and a password parameter',
    input: {
      apiVersion: 'template.openshift.io/v1',
      kind: 'Template',
      metadata: meta('fedora-server-small', 'openshift'),
      objects: [
        cloudInitVm(
          '${NAME}',
          '#cloud-config\nuser: fedora\npassword: ${CLOUD_USER_PASSWORD}\nchpasswd: { expire: False }\n',
        ),
      ],
      parameters: [
        {
          name: 'NAME',
          description: 'VM name',
          generate: 'expression',
          from: 'fedora-[a-z0-9]{16}',
        },
        {
          name: 'CLOUD_USER_PASSWORD',
          description: 'Randomized password',
          value: 'Template-Param-Pw-8',
        },
      ],
    },
    secrets: ['Template-Param-Pw-8'],
    keep: ['fedora-server-small', 'CLOUD_USER_PASSWORD', 'Randomized password'],
  },
  {
    name: 'vm with dataVolumeTemplate importing from a basic-auth URL',
    input: {
      ...vmWithVolumes('import-01', [{ name: 'data', dataVolume: { name: 'import-01-data' } }]),
      spec: {
        dataVolumeTemplates: [
          {
            metadata: { name: 'import-01-data' },
            spec: {
              source: {
                http: { url: 'https://importer:DvTemplate-Url-Pw@images.example.com/rhel9.qcow2' },
              },
              storage: { resources: { requests: { storage: '30Gi' } } },
            },
          },
        ],
      },
    },
    secrets: ['DvTemplate-Url-Pw', 'importer:DvTemplate'],
    keep: ['images.example.com/rhel9.qcow2', '30Gi'],
  },
  {
    name: 'vm with ssh accessCredentials refs and inline ecdsa key in cloud-init',
    input: vmWithVolumes('ssh-01', [
      {
        name: 'cloudinit',
        cloudInitNoCloud: {
          userData: `#cloud-config\nssh_authorized_keys: [ "ecdsa-sha2-nistp256 ${SSH_ECDSA_BLOB} me@host" ]\n`,
        },
      },
      { name: 'keys', secret: { secretName: 'ssh-01-keys' } },
    ]),
    secrets: [SSH_ECDSA_BLOB],
    keep: ['ssh-01-keys'],
  },
  // ---------------- Windows sysprep ----------------
  {
    name: 'sysprep ConfigMap with unattend.xml passwords',
    input: configMap('win2k22-sysprep', {
      'autounattend.xml': `<?xml version="1.0" encoding="utf-8"?>
<unattend xmlns="urn:schemas-microsoft-com:unattend">
  <settings pass="oobeSystem">
    <component name="Microsoft-Windows-Shell-Setup">
      <UserAccounts>
        <AdministratorPassword><Value>Sysprep-Admin-Pw-1</Value><PlainText>true</PlainText></AdministratorPassword>
        <LocalAccounts><LocalAccount><Password><Value>Sysprep-Local-Pw-2</Value><PlainText>true</PlainText></Password><Name>operator</Name></LocalAccount></LocalAccounts>
      </UserAccounts>
      <AutoLogon><Password><Value>U3lzcHJlcC1BdXRvLVB3LTM=</Value><PlainText>false</PlainText></Password><Enabled>true</Enabled><Username>Administrator</Username></AutoLogon>
      <TimeZone>UTC</TimeZone>
    </component>
  </settings>
</unattend>`,
    }),
    secrets: [
      'Sysprep-Admin-Pw-1',
      'Sysprep-Local-Pw-2',
      'U3lzcHJlcC1BdXRvLVB3LTM=',
      'Sysprep-Auto-Pw-3',
    ],
    keep: [
      'win2k22-sysprep',
      '<TimeZone>UTC</TimeZone>',
      '<Username>Administrator</Username>',
      'operator',
    ],
  },
  {
    name: 'sysprep Secret with unattend.xml and product key',
    input: secret('win-sysprep', 'Opaque', {
      'unattend.xml':
        '<unattend><ProductKey>VK7JG-NPHTM-C97JM-9MPGT-3V66T</ProductKey><AdministratorPassword><Value>Sysprep-Secret-Pw</Value></AdministratorPassword></unattend>',
    }),
    secrets: ['VK7JG-NPHTM-C97JM-9MPGT-3V66T', 'Sysprep-Secret-Pw'],
    keep: ['win-sysprep', 'unattend.xml'],
  },
  {
    name: 'unattend fragment in a guest agent log line',
    input:
      'guest-agent: applying <Credentials><Domain>corp</Domain><Password>Domain-Join-Pw-7</Password><Username>joiner</Username></Credentials>',
    secrets: ['Domain-Join-Pw-7'],
    keep: ['<Username>joiner</Username>', 'guest-agent: applying'],
  },
  // ---------------- Secrets of every type ----------------
  {
    name: 'Opaque Secret data',
    input: secret('db-creds', 'Opaque', {
      username: 'dbuser-not-secret-but-redacted',
      password: 'Opaque-Data-Pw-1',
      'connection-string': 'postgres://db:5432/app',
    }),
    secrets: ['Opaque-Data-Pw-1', 'dbuser-not-secret-but-redacted', 'postgres://db:5432/app'],
    keep: ['db-creds', 'connection-string', 'Opaque'],
  },
  {
    name: 'Opaque Secret stringData',
    input: secret(
      'app-config',
      'Opaque',
      { 'config.yaml': 'mode: production\nfeature: on', 'api-key': 'StringData-Api-Key-2' },
      true,
    ),
    secrets: ['StringData-Api-Key-2', 'mode: production'],
    keep: ['app-config', 'config.yaml', 'api-key'],
  },
  {
    name: 'dockerconfigjson Secret',
    input: secret('quay-pull', 'kubernetes.io/dockerconfigjson', {
      '.dockerconfigjson': JSON.stringify({
        auths: {
          'quay.io': {
            auth: b64('robot+ci:Docker-Json-Pw-3'),
            username: 'robot+ci',
            password: 'Docker-Json-Pw-3',
          },
        },
      }),
    }),
    secrets: ['Docker-Json-Pw-3', b64('robot+ci:Docker-Json-Pw-3')],
    keep: ['quay-pull', '.dockerconfigjson', 'kubernetes.io/dockerconfigjson'],
  },
  {
    name: 'dockercfg Secret',
    input: secret('legacy-pull', 'kubernetes.io/dockercfg', {
      '.dockercfg': JSON.stringify({
        'registry.example.com': { auth: b64('svc:Dockercfg-Pw-4'), email: 'svc@example.com' },
      }),
    }),
    secrets: ['Dockercfg-Pw-4'],
    keep: ['legacy-pull'],
  },
  {
    name: 'tls Secret',
    input: secret('web-tls', 'kubernetes.io/tls', { 'tls.crt': CERT, 'tls.key': RSA_KEY }),
    secrets: [PEM_BODY_CERT, PEM_BODY_RSA],
    keep: ['web-tls', 'tls.crt', 'tls.key'],
  },
  {
    name: 'service-account-token Secret with OpenShift token annotation',
    input: {
      ...secret('builder-token-x7k2p', 'kubernetes.io/service-account-token', {
        token: JWT,
        'ca.crt': CERT,
        namespace: 'vm-prod',
      }),
      metadata: {
        ...meta('builder-token-x7k2p'),
        annotations: {
          'kubernetes.io/service-account.name': 'builder',
          'openshift.io/token-secret.value': OCP_TOKEN,
        },
      },
    },
    secrets: [JWT, OCP_TOKEN, PEM_BODY_CERT],
    keep: ['builder-token-x7k2p', 'kubernetes.io/service-account.name', 'builder'],
  },
  {
    name: 'basic-auth Secret',
    input: secret('git-basic', 'kubernetes.io/basic-auth', {
      username: 'git-bot',
      password: 'Basic-Auth-Secret-Pw',
    }),
    secrets: ['Basic-Auth-Secret-Pw'],
    keep: ['git-basic', 'kubernetes.io/basic-auth'],
  },
  {
    name: 'ssh-auth Secret',
    input: secret('git-ssh', 'kubernetes.io/ssh-auth', { 'ssh-privatekey': OPENSSH_KEY }),
    secrets: [PEM_BODY_OPENSSH],
    keep: ['git-ssh', 'ssh-privatekey'],
  },
  {
    name: 'bootstrap token Secret',
    input: secret(
      'bootstrap-token-abcdef',
      'bootstrap.kubernetes.io/token',
      {
        'token-id': 'abcdef',
        'token-secret': 'Bootstrap-0123456789ab',
        'usage-bootstrap-authentication': 'true',
      },
      true,
    ),
    secrets: ['Bootstrap-0123456789ab'],
    keep: ['bootstrap-token-abcdef'],
  },
  {
    name: 'SecretList whose items carry no kind',
    input: {
      apiVersion: 'v1',
      kind: 'SecretList',
      items: [
        { metadata: meta('list-item-1'), data: { password: b64('SecretList-Pw-1') } },
        { metadata: meta('list-item-2'), type: 'Opaque', data: { key: b64('SecretList-Key-2') } },
      ],
    },
    secrets: ['SecretList-Pw-1', 'SecretList-Key-2'],
    keep: ['list-item-1', 'list-item-2'],
  },
  {
    name: 'Secret with last-applied-configuration repeating stringData',
    input: {
      ...secret('applied', 'Opaque', { password: 'Applied-Secret-Pw' }, true),
      metadata: {
        ...meta('applied'),
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': `{"apiVersion":"v1","kind":"Secret","stringData":{"password":"Applied-Secret-Pw"}}`,
        },
      },
    },
    secrets: ['Applied-Secret-Pw'],
    keep: ['applied'],
  },
  {
    name: 'Secret manifest as YAML text in a ConfigMap',
    input: configMap('gitops-bundle', {
      'secret.yaml': `apiVersion: v1
kind: Secret
metadata:
  name: bundled
type: Opaque
stringData:
  db-url: postgres://app:Bundled-Yaml-Pw@db:5432/app
  license: |
    Bundled-License-Blob-XYZ
data:
  cert: ${b64('Bundled-B64-Cert-Value')}
`,
    }),
    secrets: ['Bundled-Yaml-Pw', 'Bundled-License-Blob-XYZ', 'Bundled-B64-Cert-Value'],
    keep: ['gitops-bundle', 'db-url', 'bundled'],
  },
  {
    name: 'Secret as JSON text in a log line',
    input: JSON.stringify({
      kind: 'Secret',
      apiVersion: 'v1',
      metadata: { name: 'logged' },
      data: { 'aws-creds': b64('Logged-Json-Secret-Value') },
    }),
    secrets: ['Logged-Json-Secret-Value', b64('Logged-Json-Secret-Value')],
    keep: ['logged', 'aws-creds'],
  },
  // ---------------- kubeconfigs ----------------
  {
    name: 'kubeconfig with token in a ConfigMap',
    input: configMap('ops-kubeconfig', { kubeconfig: kubeconfigYaml(`    token: ${OCP_TOKEN}\n`) }),
    secrets: [OCP_TOKEN, PEM_BODY_CERT, b64(CERT)],
    keep: ['ops-kubeconfig', 'https://api.ocp.example.com:6443', 'current-context: admin@ocp'],
  },
  {
    name: 'kubeconfig with client certificate and key data',
    input: configMap('ci-kubeconfig', {
      config: kubeconfigYaml(
        `    client-certificate-data: ${b64(CERT)}\n    client-key-data: ${b64(RSA_KEY)}\n`,
      ),
    }),
    secrets: [b64(CERT), b64(RSA_KEY), PEM_BODY_RSA],
    keep: ['ci-kubeconfig', 'admin@ocp'],
  },
  {
    name: 'kubeconfig with basic auth',
    input: configMap('basic-kubeconfig', {
      config: kubeconfigYaml('    username: admin\n    password: Kubeconfig-Basic-Pw\n'),
    }),
    secrets: ['Kubeconfig-Basic-Pw'],
    keep: ['username: admin'],
  },
  {
    name: 'kubeconfig exec plugin with a static token env',
    input: configMap('exec-kubeconfig', {
      config: kubeconfigYaml(
        '    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: get-token\n      env:\n      - name: VAULT_TOKEN\n        value: Exec-Vault-Token-12\n',
      ),
    }),
    secrets: ['Exec-Vault-Token-12'],
    keep: ['get-token', 'VAULT_TOKEN'],
  },
  {
    name: 'kubeconfig fragment in a log line',
    input:
      'level=debug msg="loaded kubeconfig" users[0].user.token: ' +
      OCP_TOKEN +
      ' server=https://api.ocp.example.com:6443',
    secrets: [OCP_TOKEN],
    keep: ['loaded kubeconfig', 'https://api.ocp.example.com:6443'],
  },
  {
    name: 'kubeconfig as JSON text',
    input: JSON.stringify(
      {
        kind: 'Config',
        users: [{ name: 'sa', user: { token: JWT, 'client-key-data': b64(EC_KEY) } }],
        clusters: [{ name: 'c', cluster: { server: 'https://10.0.0.1:6443' } }],
      },
      null,
      2,
    ),
    secrets: [JWT, b64(EC_KEY), PEM_BODY_EC],
    keep: ['https://10.0.0.1:6443'],
  },
  // ---------------- certificates and private keys ----------------
  {
    name: 'ConfigMap holding a private key by mistake',
    input: configMap('bad-practice', { 'server.key': RSA_KEY, 'server.crt': CERT, port: '8443' }),
    secrets: [PEM_BODY_RSA, PEM_BODY_CERT],
    keep: ['bad-practice', '8443'],
  },
  {
    name: 'log line with a JSON-escaped PEM certificate',
    input: `tls: loaded bundle {"cert":${JSON.stringify(CERT)},"key":${JSON.stringify(EC_KEY)}} for web-01`,
    secrets: [PEM_BODY_CERT, PEM_BODY_EC],
    keep: ['for web-01', 'tls: loaded bundle'],
  },
  {
    name: 'truncated private key in an error message',
    input: `failed to parse key: ${RSA_KEY.slice(0, 120)}`,
    secrets: [PEM_BODY_RSA.slice(0, 40)],
    keep: ['failed to parse key'],
  },
  {
    name: 'OpenSSH private key in a ConfigMap',
    input: configMap('deploy-key', {
      id_ed25519: OPENSSH_KEY,
      'id_ed25519.pub': `ssh-ed25519 ${SSH_ED_BLOB} deploy@ci`,
    }),
    secrets: [PEM_BODY_OPENSSH, SSH_ED_BLOB],
    keep: ['deploy-key', 'deploy@ci'],
  },
  // ---------------- pods ----------------
  {
    name: 'virt-launcher-like pod with secret env vars',
    input: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('virt-launcher-web-01-abcde', 'vm-prod', {
        labels: { 'kubevirt.io': 'virt-launcher' },
      }),
      spec: {
        containers: [
          {
            name: 'compute',
            image: 'registry.redhat.io/container-native-virtualization/virt-launcher-rhel9:v4.17',
            env: [
              { name: 'HOME', value: '/var/run/kubevirt-private' },
              { name: 'DB_PASSWORD', value: 'Pod-Env-Db-Pw' },
              { name: 'API_TOKEN', value: 'Pod-Env-Api-Token' },
              { name: 'AWS_ACCESS_KEY_ID', value: AWS_KEY_ID },
              { name: 'AWS_SECRET_ACCESS_KEY', value: AWS_SECRET },
              { name: 'githubToken', value: GH_TOKEN },
              { name: 'S3_CREDENTIALS', value: 'Pod-Env-S3-Creds' },
              {
                name: 'FROM_SECRET',
                valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } },
              },
            ],
          },
        ],
      },
      status: {
        phase: 'Pending',
        conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' }],
      },
    },
    secrets: [
      'Pod-Env-Db-Pw',
      'Pod-Env-Api-Token',
      AWS_KEY_ID,
      AWS_SECRET,
      GH_TOKEN,
      'Pod-Env-S3-Creds',
    ],
    keep: ['/var/run/kubevirt-private', 'db-creds', 'Unschedulable', 'virt-launcher-web-01-abcde'],
  },
  {
    name: 'pod with secrets in command-line flags',
    input: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('exporter'),
      spec: {
        containers: [
          {
            name: 'exporter',
            args: [
              '--listen=:9100',
              '--db-password=Flag-Db-Pw',
              '--token',
              'Flag-Space-Token',
              '--api-key="Flag-Quoted-Key"',
            ],
          },
        ],
      },
    },
    secrets: ['Flag-Db-Pw', 'Flag-Space-Token', 'Flag-Quoted-Key'],
    keep: ['--listen=:9100', 'exporter'],
  },
  {
    name: 'pod probe with an Authorization header',
    input: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: meta('probe-pod'),
      spec: {
        containers: [
          {
            name: 'app',
            livenessProbe: {
              httpGet: {
                path: '/healthz',
                port: 8080,
                httpHeaders: [
                  { name: 'Authorization', value: 'Bearer Probe-Header-Token-1a2b3c' },
                  { name: 'X-Api-Key', value: 'Probe-Header-Key-9' },
                ],
              },
            },
          },
        ],
      },
    },
    secrets: ['Probe-Header-Token-1a2b3c', 'Probe-Header-Key-9'],
    keep: ['/healthz', 'probe-pod'],
  },
  // ---------------- events ----------------
  {
    name: 'image pull event with a registry token in the message',
    input: event(
      'web-01.pull',
      'Failed',
      `Failed to pull image "quay.io/acme/disk:1": unauthorized: token=Event-Pull-Token-5 is invalid`,
    ),
    secrets: ['Event-Pull-Token-5'],
    keep: ['Failed to pull image', 'quay.io/acme/disk:1', 'unauthorized'],
  },
  {
    name: 'DataVolume import event with a basic-auth URL',
    input: event(
      'dv.import',
      'ImportFailed',
      'Unable to connect to http data source: Get "https://admin:Event-Url-Pw@images.example.com/f.img": dial tcp: i/o timeout',
      'DataVolume',
    ),
    secrets: ['Event-Url-Pw'],
    keep: ['ImportFailed', 'images.example.com/f.img', 'i/o timeout'],
  },
  {
    name: 'event message carrying an ssh public key',
    input: event(
      'vmi.ssh',
      'SSHKeyInjected',
      `injected key ssh-rsa ${SSH_RSA_BLOB} ops@x into guest`,
    ),
    secrets: [SSH_RSA_BLOB],
    keep: ['SSHKeyInjected', 'into guest'],
  },
  {
    name: 'condition message with a docker config json',
    input: {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: meta('rootdisk'),
      status: {
        phase: 'ImportInProgress',
        conditions: [
          {
            type: 'Running',
            status: 'False',
            reason: 'Error',
            message: `pull failed with auth config {"auths":{"quay.io":{"auth":"${b64('ci:Condition-Docker-Pw')}"}}}`,
          },
        ],
      },
    },
    secrets: ['Condition-Docker-Pw', b64('ci:Condition-Docker-Pw')],
    keep: ['ImportInProgress', 'pull failed with auth config', 'quay.io'],
  },
  // ---------------- DataVolumes ----------------
  {
    name: 'DataVolume with a basic-auth http URL',
    input: {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: meta('win-iso'),
      spec: {
        source: {
          http: {
            url: 'http://mirror:Dv-Http-Pw-6@mirror.example.com/win.iso',
            secretRef: 'mirror-creds',
            certConfigMap: 'mirror-ca',
          },
        },
        storage: { storageClassName: 'ocs-storagecluster-ceph-rbd' },
      },
      status: { phase: 'Failed', progress: 'N/A' },
    },
    secrets: ['Dv-Http-Pw-6'],
    keep: [
      'mirror-creds',
      'mirror-ca',
      'mirror.example.com/win.iso',
      'ocs-storagecluster-ceph-rbd',
    ],
  },
  {
    name: 'DataVolume with a registry URL carrying a token',
    input: {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: meta('rhel-disk'),
      spec: {
        source: {
          registry: { url: 'docker://robot:Dv-Registry-Token-8@quay.io/acme/rhel9:latest' },
        },
      },
    },
    secrets: ['Dv-Registry-Token-8'],
    keep: ['quay.io/acme/rhel9:latest'],
  },
  {
    name: 'DataVolume S3 source endpoint with query credentials',
    input: {
      apiVersion: 'cdi.kubevirt.io/v1beta1',
      kind: 'DataVolume',
      metadata: meta('s3-disk'),
      spec: {
        source: {
          s3: {
            url: `https://bucket.s3.amazonaws.com/disk.img?X-Amz-Credential=${AWS_KEY_ID}&X-Amz-Security-Token=Dv-S3-Session-Token&X-Amz-Signature=abc`,
            secretRef: 's3-creds',
          },
        },
      },
    },
    secrets: [AWS_KEY_ID, 'Dv-S3-Session-Token'],
    keep: ['s3-creds', 'bucket.s3.amazonaws.com/disk.img'],
  },
  // ---------------- logs and error texts ----------------
  {
    name: 'log line with a bearer token',
    input:
      'I1125 10:01:02 request.go:1212] GET https://172.30.0.1:443/api/v1/namespaces/vm-prod/pods Authorization: Bearer Log-Bearer-Token-0a9b8c7d',
    secrets: ['Log-Bearer-Token-0a9b8c7d'],
    keep: ['/api/v1/namespaces/vm-prod/pods'],
  },
  {
    name: 'log line with a JWT',
    input: `virt-handler: using service account token ${JWT} to reach the API`,
    secrets: [JWT, JWT.split('.')[1]],
    keep: ['virt-handler', 'to reach the API'],
  },
  {
    name: 'log line with an OpenShift oauth token',
    input: `oc login --token=${OCP_TOKEN} --server=https://api.ocp.example.com:6443`,
    secrets: [OCP_TOKEN, OCP_TOKEN.slice(7)],
    keep: ['oc login', '--server=https://api.ocp.example.com:6443'],
  },
  {
    name: 'log line with AWS keys',
    input: `backup: using aws_access_key_id=${AWS_KEY_ID} aws_secret_access_key=${AWS_SECRET} region=us-east-1`,
    secrets: [AWS_KEY_ID, AWS_SECRET],
    keep: ['region=us-east-1', 'backup: using'],
  },
  {
    name: 'log line with a password in a query string',
    input: 'GET /login?user=alice&password=Query-String-Pw&next=/dashboard 302',
    secrets: ['Query-String-Pw'],
    keep: ['user=alice', 'next=/dashboard'],
  },
  {
    name: 'log line with JSON apiKey',
    input:
      '{"level":"info","msg":"calling provider","apiKey":"Json-Api-Key-44","client_secret":"Json-Client-Secret-45","retries":3}',
    secrets: ['Json-Api-Key-44', 'Json-Client-Secret-45'],
    keep: ['calling provider', 'retries'],
  },
  {
    name: 'log line with a GitHub token in a clone URL',
    input: `git clone https://${GH_TOKEN}@github.com/acme/vm-configs.git failed: exit status 128`,
    secrets: [GH_TOKEN],
    keep: ['github.com/acme/vm-configs.git', 'exit status 128'],
  },
  {
    name: 'error message with basic Authorization header',
    input: `proxy error: upstream rejected Authorization: Basic ${b64('admin:Err-Basic-Pw')} (401)`,
    secrets: ['Err-Basic-Pw', b64('admin:Err-Basic-Pw')],
    keep: ['proxy error', '(401)'],
  },
  {
    name: 'ConfigMap with a dotenv file',
    input: configMap('app-env', {
      '.env':
        'APP_MODE=prod\nDB_PASSWORD=Dotenv-Db-Pw\nSTRIPE_API_KEY="Dotenv-Stripe-Key"\nSESSION_SECRET=Dotenv-Session-Secret\n',
    }),
    secrets: ['Dotenv-Db-Pw', 'Dotenv-Stripe-Key', 'Dotenv-Session-Secret'],
    keep: ['APP_MODE=prod', 'app-env'],
  },
  {
    name: 'ConfigMap with Java properties',
    input: configMap('app-props', {
      'application.properties':
        'spring.datasource.url=jdbc:postgresql://db:5432/app\nspring.datasource.password=Props-Ds-Pw\nspring.mail.password: Props-Mail-Pw\n',
    }),
    secrets: ['Props-Ds-Pw', 'Props-Mail-Pw'],
    keep: ['jdbc:postgresql://db:5432/app'],
  },
  {
    name: 'ConfigMap with an INI file for a VM agent',
    input: configMap('agent-ini', {
      'agent.ini':
        '[server]\nhost = monitor.example.com\npassword = Ini-Agent-Pw\nsecret_key=Ini-Secret-Key\n',
    }),
    secrets: ['Ini-Agent-Pw', 'Ini-Secret-Key'],
    keep: ['host = monitor.example.com', '[server]'],
  },
  {
    name: 'migration failure event with private key material in the message',
    input: event(
      'mig.fail',
      'MigrationFailed',
      `libvirt: TLS handshake failed using ${JSON.stringify(EC_KEY)}`,
    ),
    secrets: [PEM_BODY_EC],
    keep: ['MigrationFailed', 'TLS handshake failed'],
  },
];

export const REDACTION_CORPUS: readonly RedactionCorpusEntry[] = [
  ...FIRST_CORPUS,
  ...REDACTION_CORPUS_SHAPES,
];

// ---------------- leak checking, shared by every test of a path out ----------------

const BASE64_RUN = /[A-Za-z0-9+/_-]{12,}={0,2}/g;

/** cloud-init's `gz+b64` files: base64 of gzip, readable by anyone who unzips it. */
const gunzipped = (run: string): string | null => {
  const bytes = Buffer.from(run, 'base64');
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return null;
  try {
    return gunzipSync(bytes).toString('utf8');
  } catch {
    return null;
  }
};

/**
 * The text as a reader could recover it: the output itself plus every base64 run in it decoded
 * (two levels, for base64 inside base64 such as a docker `auth` inside `.dockerconfigjson`).
 */
export const recoverableText = (output: string): string => {
  let all = output;
  let layer = output;
  for (let depth = 0; depth < 2; depth += 1) {
    const decoded = (layer.match(BASE64_RUN) ?? [])
      .map((run) => decodeBase64(run) ?? gunzipped(run))
      .filter((text): text is string => text !== null);
    layer = decoded.join('\n');
    all += `\n${layer}`;
  }
  return all;
};

/** The secrets (of `secrets`) that can still be read in `output`, plainly or base64-decoded. */
export const findLeaks = (output: string, secrets: readonly string[]): string[] => {
  const visible = recoverableText(output);
  return secrets.filter(
    (secretValue) =>
      visible.includes(secretValue) || visible.includes(JSON.stringify(secretValue).slice(1, -1)),
  );
};
