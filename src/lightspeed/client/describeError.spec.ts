import { describeOlsError } from './describeError';
import { OlsError, isRetryable, type OlsErrorKind } from './errors';

const t = jest.fn((key: string) => `[${key}]`);

const EXPECTED: Record<OlsErrorKind, [title: string, variant: 'danger' | 'warning']> = {
  unauthorized: ['Not signed in to OpenShift Lightspeed', 'warning'],
  forbidden: ['No access to OpenShift Lightspeed', 'warning'],
  'prompt-too-long': ['The question is too long', 'warning'],
  'too-large': ['The question is too long', 'warning'],
  validation: ['OpenShift Lightspeed rejected the request', 'danger'],
  quota: ['Quota exceeded', 'warning'],
  server: ['OpenShift Lightspeed error', 'danger'],
  'bad-gateway': ['The language model is unreachable', 'danger'],
  unavailable: ['OpenShift Lightspeed is not ready', 'warning'],
  timeout: ['The answer took too long', 'danger'],
  network: ['Network error', 'danger'],
  aborted: ['Cancelled', 'warning'],
  'stream-error': ['The answer was interrupted', 'danger'],
  malformed: ['Unreadable answer', 'danger'],
  'mcp-unavailable': ['Virtualization tools are not available', 'warning'],
};

describe('describeOlsError', () => {
  it.each(Object.entries(EXPECTED))(
    '%s → translated title and message',
    (kind, [title, variant]) => {
      const description = describeOlsError(new OlsError(kind as OlsErrorKind), t);
      expect(description.title).toBe(`[${title}]`);
      expect(description.variant).toBe(variant);
      // Translated through t(): the message is a wrapped key, never raw server text.
      expect(description.message).toMatch(/^\[.+\]$/);
      expect(description.moreInfo).toBeUndefined();
    },
  );

  it('each kind has its own message', () => {
    const messages = Object.keys(EXPECTED).map(
      (kind) => describeOlsError(new OlsError(kind as OlsErrorKind), t).message,
    );
    expect(new Set(messages).size).toBe(messages.length);
  });

  it('puts the server detail and cause into "more info", without repeating them', () => {
    expect(
      describeOlsError(new OlsError('server', { detail: 'Boom', cause: 'LLM down' }), t).moreInfo,
    ).toBe('Boom — LLM down');
    expect(describeOlsError(new OlsError('server', { detail: 'A', cause: 'A' }), t).moreInfo).toBe(
      'A',
    );
  });
});

describe('isRetryable', () => {
  it('offers retry for transient failures only', () => {
    expect(isRetryable(new OlsError('timeout'))).toBe(true);
    expect(isRetryable(new OlsError('stream-error'))).toBe(true);
    expect(isRetryable(new OlsError('forbidden'))).toBe(false);
    expect(isRetryable(new OlsError('too-large'))).toBe(false);
  });
});
