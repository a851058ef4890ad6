import type { OlsError } from './errors';

/** The i18next `t` of the plugin namespace (kept structural so tests and components can pass theirs). */
export type TranslateFn = (key: string, options?: Record<string, unknown>) => string;

export interface OlsErrorDescription {
  title: string;
  message: string;
  /** Server-provided text for a "more info" disclosure; absent when the server said nothing useful. */
  moreInfo?: string;
  /** PatternFly Alert variant: problems the user or admin must act on are warnings, the rest danger. */
  variant: 'danger' | 'warning';
}

/*
 * Every string below is a literal t('...') call so the i18n extractor finds it; the English text is
 * the key (house convention).
 */
const describeKind = (error: OlsError, t: TranslateFn): Omit<OlsErrorDescription, 'moreInfo'> => {
  switch (error.kind) {
    case 'unauthorized':
      return {
        variant: 'warning',
        title: t('Not signed in to OpenShift Lightspeed'),
        message: t('Your session could not be verified. Reload the page or log in again.'),
      };
    case 'forbidden':
      return {
        variant: 'warning',
        title: t('No access to OpenShift Lightspeed'),
        message: t(
          'Your user is not allowed to query OpenShift Lightspeed. Ask a cluster administrator for access.',
        ),
      };
    case 'prompt-too-long':
      return {
        variant: 'warning',
        title: t('The question is too long'),
        message: t(
          'The question and its attached context exceed what the model can read. Try a shorter question.',
        ),
      };
    case 'too-large':
      return {
        variant: 'warning',
        title: t('The question is too long'),
        message: t(
          'The question or an attachment is larger than OpenShift Lightspeed accepts, so it was not sent.',
        ),
      };
    case 'validation':
      return {
        variant: 'danger',
        title: t('OpenShift Lightspeed rejected the request'),
        message: t(
          'The request was not accepted by this version of OpenShift Lightspeed. Try again, or continue in the Lightspeed chat.',
        ),
      };
    case 'quota':
      return {
        variant: 'warning',
        title: t('Quota exceeded'),
        message: t(
          'The OpenShift Lightspeed token quota has been used up. Try again later or ask an administrator to raise it.',
        ),
      };
    case 'server':
      return {
        variant: 'danger',
        title: t('OpenShift Lightspeed error'),
        message: t('OpenShift Lightspeed could not answer. Try again in a moment.'),
      };
    case 'bad-gateway':
      return {
        variant: 'danger',
        title: t('The language model is unreachable'),
        message: t(
          'OpenShift Lightspeed could not reach its language model. Try again in a moment.',
        ),
      };
    case 'unavailable':
      return {
        variant: 'warning',
        title: t('OpenShift Lightspeed is not ready'),
        message: t('OpenShift Lightspeed is starting or not ready yet. Try again in a moment.'),
      };
    case 'timeout':
      return {
        variant: 'danger',
        title: t('The answer took too long'),
        message: t('OpenShift Lightspeed did not answer in time. Try again.'),
      };
    case 'network':
      return {
        variant: 'danger',
        title: t('Network error'),
        message: t(
          'OpenShift Lightspeed could not be reached. Check your connection and try again.',
        ),
      };
    case 'aborted':
      return {
        variant: 'warning',
        title: t('Cancelled'),
        message: t('The request was cancelled.'),
      };
    case 'stream-error':
      return error.status === 413
        ? {
            variant: 'warning',
            title: t('The question is too long'),
            message: t(
              'The question and its attached context exceed what the model can read. Try a shorter question.',
            ),
          }
        : {
            variant: 'danger',
            title: t('The answer was interrupted'),
            message: t('OpenShift Lightspeed stopped while answering. Try again.'),
          };
    case 'malformed':
      return {
        variant: 'danger',
        title: t('Unreadable answer'),
        message: t('OpenShift Lightspeed sent an incomplete or unreadable answer. Try again.'),
      };
    case 'mcp-unavailable':
      return {
        variant: 'warning',
        title: t('Virtualization tools are not available'),
        message: t(
          'The cnv-mcp-server is not registered in OpenShift Lightspeed, so live cluster tools cannot be used.',
        ),
      };
    default:
      return {
        variant: 'danger',
        title: t('OpenShift Lightspeed error'),
        message: t('OpenShift Lightspeed could not answer. Try again in a moment.'),
      };
  }
};

/** Translated title, message and "more info" text of an OLS error. */
export const describeOlsError = (error: OlsError, t: TranslateFn): OlsErrorDescription => {
  const moreInfo = [error.detail, error.cause !== error.detail ? error.cause : undefined]
    .filter(Boolean)
    .join(' — ');
  return { ...describeKind(error, t), moreInfo: moreInfo || undefined };
};
