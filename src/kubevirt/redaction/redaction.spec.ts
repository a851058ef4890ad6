import fc from 'fast-check';
import { decodeBase64, encodeBase64 } from './base64';
import {
  REDACTED,
  isSecretEnvName,
  isSecretKeyName,
  redactObject,
  redactText,
  toRedactedYaml,
} from '.';

describe('isSecretKeyName', () => {
  it.each([
    'password',
    'db_password',
    'apiKey',
    'client-key-data',
    'token',
    'AWS_SECRET_ACCESS_KEY',
    'auth',
    'hashed_passwd',
    'openshift.io/token-secret.value',
  ])('%s holds a secret', (name) => expect(isSecretKeyName(name)).toBe(true));
  it.each([
    'secretName',
    'tokenSecretRef',
    'secretKeyRef',
    'key',
    'ssh_pwauth',
    'lock_passwd',
    'name',
    'userDataSecretRef',
    'tokenExpirationSeconds',
    'authentication',
  ])('%s does not', (name) => expect(isSecretKeyName(name)).toBe(false));
});

describe('isSecretEnvName', () => {
  it.each(['DB_PASSWORD', 'API_KEY', 'githubToken', 'S3_CREDENTIALS', 'SECRET', 'KEY'])(
    '%s is secret',
    (name) => expect(isSecretEnvName(name)).toBe(true),
  );
  it.each([
    'HOME',
    'PATH',
    'LANG',
    'POD_NAME',
    'KUBEVIRT_RESOURCE_NAME_default',
    'PASSWORD_FILE',
    'CERT_DIR',
  ])('%s is not', (name) => expect(isSecretEnvName(name)).toBe(false));
});

describe('base64', () => {
  it('round-trips UTF-8 text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) =>
        expect(decodeBase64(encodeBase64(text))).toBe(text),
      ),
    );
  });
  it('rejects non-base64 and binary', () => {
    expect(decodeBase64('not base64!')).toBeNull();
    expect(decodeBase64('//79')).toBeNull(); // 0xff 0xfe 0xfd is not UTF-8
  });
});

describe('redactObject', () => {
  it('keeps Secret keys and replaces every value, whatever the content', () => {
    const out = redactObject({
      kind: 'Secret',
      metadata: { name: 's' },
      type: 'Opaque',
      data: { a: 'eA==', b: 'eQ==' },
      stringData: { c: 'plain' },
    });
    expect(out).toEqual({
      kind: 'Secret',
      metadata: { name: 's' },
      type: 'Opaque',
      data: { a: REDACTED, b: REDACTED },
      stringData: { c: REDACTED },
    });
  });

  it('drops managedFields and the last-applied-configuration annotation, keeps other annotations', () => {
    const out = redactObject({
      metadata: {
        name: 'vm',
        managedFields: [{ manager: 'x' }],
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
          description: 'web tier',
        },
      },
    });
    expect(out).toEqual({ metadata: { name: 'vm', annotations: { description: 'web tier' } } });
  });

  it('re-encodes redacted userDataBase64 and redacts undecodable user data whole', () => {
    const vm = {
      cloudInitNoCloud: {
        userDataBase64: encodeBase64('#cloud-config\npassword: pw123456\nhostname: h1\n'),
      },
    };
    const out = redactObject(vm);
    expect(decodeBase64(out.cloudInitNoCloud.userDataBase64)).toBe(
      '#cloud-config\npassword: <redacted>\nhostname: h1\n',
    );
    expect(redactObject({ cloudInitNoCloud: { userDataBase64: '//79' } })).toEqual({
      cloudInitNoCloud: { userDataBase64: REDACTED },
    });
  });

  it('redacts secret env values and keeps booleans under secret-looking keys', () => {
    const out = redactObject({
      env: [
        { name: 'PASSWORD', value: 'p' },
        { name: 'MODE', value: 'fast' },
      ],
      automountServiceAccountToken: false,
      token: 'abc',
    });
    expect(out).toEqual({
      env: [
        { name: 'PASSWORD', value: REDACTED },
        { name: 'MODE', value: 'fast' },
      ],
      automountServiceAccountToken: false,
      token: REDACTED,
    });
  });

  it('never mutates, copies shared references and cuts cycles', () => {
    const shared = { password: 'x1' };
    const input: Record<string, unknown> = { a: shared, b: shared };
    input.self = input;
    const out = redactObject(input);
    expect(out).toEqual({
      a: { password: REDACTED },
      b: { password: REDACTED },
      self: '[circular]',
    });
    expect(shared.password).toBe('x1');
  });
});

describe('redactText', () => {
  it.each([
    ['Authorization: Bearer abcDEF123456', 'Authorization: Bearer <redacted>'],
    ['missing Bearer token in request', 'missing Bearer token in request'],
    ['url https://u:p4ss@h.example.com/x', 'url https://<redacted>@h.example.com/x'],
    ['login --password=hunter2 --user=bob', 'login --password=<redacted> --user=bob'],
    ['{"password": "a\\"b", "user": "u"}', '{"password":"<redacted>","user":"u"}'],
    ['id AKIAIOSFODNN7EXAMPLQ used', 'id <redacted> used'],
    ['oauth sha256~abcdefghijk1 expired', 'oauth sha256~<redacted> expired'],
    ['a token expired', 'a token expired'],
    ['key ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIabcdef me@x', 'key ssh-ed25519 <redacted> me@x'],
    [
      'x -----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE----- y',
      'x -----BEGIN CERTIFICATE-----<redacted>-----END CERTIFICATE----- y',
    ],
    ['ssh_pwauth: true', 'ssh_pwauth: true'],
    ['password: true', 'password: true'],
  ])('%j → %j', (input, expected) => expect(redactText(input)).toBe(expected));

  it('keeps the harmless parts of cloud-config and its comments', () => {
    const out = redactText(
      '#cloud-config\n# comment stays\npackages: [nginx]\npassword: pw\nchpasswd: { expire: False }\n',
    );
    expect(out).toBe(
      '#cloud-config\n# comment stays\npackages: [ nginx ]\npassword: <redacted>\nchpasswd: { expire: False }\n',
    );
  });

  it('leaves harmless text and JSON exactly as written', () => {
    const annotation = '["/usr/bin/virt-freezer", "--freeze", "--name", "broken-vm"]';
    expect(redactText(annotation)).toBe(annotation);
    const message =
      'MountVolume.SetUp failed for volume "cloudinitdisk" : secret "web-ud" not found';
    expect(redactText(message)).toBe(message);
  });

  it('is idempotent on its own output', () => {
    const text = 'password=abc Authorization: Basic dXNlcjpwYXNz https://a:b@c.d/e';
    expect(redactText(redactText(text))).toBe(redactText(text));
  });

  it('reads an empty value followed by another secret key as two keys (found by the property)', () => {
    for (const key of ['token: ', '--secret ', 'password='])
      expect(redactText(`Pw= ${key}Aaaa0aaaaA done`)).not.toContain('Aaaa0aaaaA');
    // A value that merely looks like a key name is still a value.
    for (const value of ['mypassword=', 'token_value', 'secret-pass'])
      expect(redactText(`login password: ${value} done`)).toBe('login password: <redacted> done');
  });

  it('never throws and never grows a secret back (property)', () => {
    const secretArb = fc.stringMatching(/^[A-Za-z0-9]{10,24}$/);
    fc.assert(
      fc.property(
        fc.string(),
        secretArb,
        fc.string(),
        fc.constantFrom('password=', 'token: ', '"apiKey":"', '--secret '),
        (before, secret, after, key) => {
          const out = redactText(`${before} ${key}${secret} ${after}`);
          expect(out).not.toContain(secret);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('completes on 1 MB hostile inputs (no catastrophic backtracking)', () => {
    const mb = 1_000_000;
    const hostile = [
      'a'.repeat(mb),
      '-----BEGIN '.repeat(mb / 11),
      '-----BEGIN X-----'.repeat(mb / 17),
      '<Password>'.repeat(mb / 10),
      '<AdministratorPassword x="'.repeat(mb / 26),
      'password:'.repeat(mb / 9),
      'password="'.repeat(mb / 10),
      'password=\\"'.repeat(mb / 11),
      'https://'.repeat(mb / 8),
      'https://a'.repeat(mb / 9),
      `eyJ${'a'.repeat(mb)}`,
      'Bearer '.repeat(mb / 7),
      ' '.repeat(mb),
      '\n'.repeat(mb),
      'name: A_TOKEN\n'.repeat(mb / 14),
      'echo a:b '.repeat(mb / 9),
      'ssh-rsa '.repeat(mb / 8),
      `password: ${' '.repeat(mb)}x`,
      `{"a":${'['.repeat(5000)}`,
      `#cloud-config\n${'- a\n'.repeat(mb / 4)}`,
      `kind: Secret\ndata:\n${'  k: v\n'.repeat(mb / 7)}`,
    ];
    for (const text of hostile) {
      expect(typeof redactText(text)).toBe('string');
    }
  });

  it('completes on random 1 MB strings built from hostile fragments', () => {
    const fragment = fc.constantFrom(
      'password',
      '=',
      ':',
      '"',
      '\\"',
      '-----BEGIN ',
      '-----END ',
      '<Password>',
      '</Password>',
      'eyJ',
      'sha256~',
      'ssh-rsa ',
      'AAAAB3NzaC1',
      'https://',
      '@',
      ' ',
      '\n',
      'Bearer ',
      'AKIA',
      'LS0tLS1CRUdJT',
      'a',
      '#cloud-config',
    );
    fc.assert(
      fc.property(fc.array(fragment, { minLength: 1, maxLength: 40 }), (parts) => {
        const unit = parts.join('');
        const text = unit.repeat(Math.ceil(1_000_000 / unit.length));
        expect(typeof redactText(text)).toBe('string');
      }),
      { numRuns: 8 },
    );
  });
});

describe('toRedactedYaml', () => {
  it('gives stable YAML without managedFields and with block user data kept readable', () => {
    const vm = {
      apiVersion: 'kubevirt.io/v1',
      kind: 'VirtualMachine',
      metadata: { name: 'web', managedFields: [{}] },
      spec: {
        template: {
          spec: {
            volumes: [
              {
                name: 'ci',
                cloudInitNoCloud: {
                  userData: '#cloud-config\npassword: x1y2z3\npackages: [vim]\n',
                },
              },
            ],
          },
        },
      },
    };
    const yaml = toRedactedYaml(vm);
    expect(yaml).toBe(toRedactedYaml(vm));
    expect(yaml).not.toContain('managedFields');
    expect(yaml).not.toContain('x1y2z3');
    expect(yaml).toContain('packages: [ vim ]');
    expect(yaml.startsWith('apiVersion: kubevirt.io/v1\nkind: VirtualMachine\n')).toBe(true);
  });
});

describe('redactText: JSON quoted inside a sentence', () => {
  const secretJson = JSON.stringify({
    kind: 'Secret',
    metadata: { name: 'db' },
    data: { 'aws-creds': 'U2VudGVuY2UtU2VjcmV0' },
  });

  it('redacts a Secret serialised as JSON in the middle of an event message', () => {
    const out = redactText(`Warning FailedApply: could not apply ${secretJson} to the cluster`);
    expect(out).not.toContain('U2VudGVuY2UtU2VjcmV0');
    expect(out).toContain('could not apply');
    expect(out).toContain('to the cluster');
    expect(out).toContain('"db"');
  });

  it('leaves harmless embedded JSON and unbalanced braces as written', () => {
    const text = 'reason {"phase": "Pending"} and a stray { "oops';
    expect(redactText(text)).toBe(text);
  });
});
