import { StatusError } from './status';
import {
  fieldValue,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from './selectors';

const labels = { app: 'db', tier: 'gold', 'kubevirt.io/domain': 'vm1', replicas: '3', empty: '' };

const selects = (selector: string) => matchesLabels(labels, parseLabelSelector(selector));

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=db', true],
    ['app==db', true],
    ['app = db', true],
    ['app=web', false],
    ['app!=web', true],
    ['missing!=x', true],
    ['app in (web, db)', true],
    ['app in (web)', false],
    ['app notin (web)', true],
    ['missing notin (web)', true],
    ['app notin (db,web)', false],
    ['kubevirt.io/domain=vm1', true],
    ['kubevirt.io/domain', true],
    ['!kubevirt.io/domain', false],
    ['!missing', true],
    ['missing', false],
    ['empty=', true],
    ['replicas>2', true],
    ['replicas<3', false],
    ['app=db,tier in (gold,silver),!missing', true],
    ['app=db,tier=silver', false],
  ])('%s → %s', (selector, expected) => {
    expect(selects(selector)).toBe(expected);
  });

  it('treats objects without labels as having none', () => {
    expect(matchesLabels(undefined, parseLabelSelector('!app'))).toBe(true);
    expect(matchesLabels(undefined, parseLabelSelector('app'))).toBe(false);
  });

  it.each(['app in (db', 'app=db,', 'a b', 'app>x', 'bad key!=x=y', '-app=x'])(
    'rejects %s with a 400 Status',
    (selector) => {
      let error: unknown;
      try {
        parseLabelSelector(selector);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(StatusError);
      expect((error as StatusError).status).toMatchObject({ code: 400, reason: 'BadRequest' });
    },
  );
});

describe('field selectors', () => {
  const pod = {
    metadata: { name: 'p', namespace: 'ns' },
    spec: { nodeName: 'w1' },
    status: { phase: 'Running' },
  };
  const podFields = ['spec.nodeName', 'status.phase'];

  it('matches equality and inequality on allowed fields', () => {
    expect(
      matchesFields(pod, parseFieldSelector('spec.nodeName=w1,status.phase!=Pending', podFields)),
    ).toBe(true);
    expect(matchesFields(pod, parseFieldSelector('metadata.name==q', podFields))).toBe(false);
    expect(matchesFields(pod, parseFieldSelector('metadata.namespace=ns', []))).toBe(true);
  });

  it('compares a missing field as the empty string', () => {
    expect(matchesFields({ spec: {} }, parseFieldSelector('spec.nodeName=', podFields))).toBe(true);
    expect(fieldValue({ source: { component: 'kubelet' } }, 'source')).toBe('kubelet');
  });

  it('rejects unsupported fields with the real message', () => {
    expect(() => parseFieldSelector('status.nodeName=w1', podFields)).toThrow(
      'field label not supported: status.nodeName',
    );
    expect(() => parseFieldSelector('spec.nodeName~w1', podFields)).toThrow(/invalid selector/);
  });
});
