import { projectForAI } from '../../kubevirt/projection';
import { redactText, toRedactedYaml } from '../../kubevirt/redaction';
import type { K8sEvent, K8sObject } from '../../kubevirt/types';
import { OLS_LIMITS } from '../client/constants';
import type { OLSAttachment } from '../types';
import { MAX_REDACTION_INPUT_CHARS, truncate } from './sanitize';

/**
 * OLS wraps each attachment in its own ``` fence when it builds the LLM prompt; a run of three
 * backticks inside the data could close that fence, so such runs become quotes.
 */
const neutralizeFences = (text: string): string =>
  text.replace(/`{3,}/g, (run) => "'".repeat(run.length));

const finish = (content: string): string =>
  truncate(neutralizeFences(content), OLS_LIMITS.maxAttachmentChars);

/**
 * A Kubernetes object as YAML (`api object`, application/yaml): its allow-listed projection (what
 * was left out is described, not sent), then the redactor over what remains.
 */
export const objectAttachment = (obj: K8sObject): OLSAttachment => ({
  attachment_type: 'api object',
  content_type: 'application/yaml',
  content: finish(toRedactedYaml(projectForAI(obj))),
});

/** Events, newest last, projected like objects (`event`, application/yaml). */
export const eventsAttachment = (events: K8sEvent[]): OLSAttachment => ({
  attachment_type: 'event',
  content_type: 'application/yaml',
  content: finish(toRedactedYaml(projectForAI(events))),
});

/**
 * Log lines as redacted text (`log`, text/plain). When too long, the oldest lines go: the end of
 * a log is where a failure shows.
 */
export const logAttachment = (lines: string[]): OLSAttachment => {
  // Line by line: a JSON log line is parsed and redacted by structure.
  const text = neutralizeFences(
    lines.map((line) => redactText(truncate(line, MAX_REDACTION_INPUT_CHARS))).join('\n'),
  );
  const max = OLS_LIMITS.maxAttachmentChars;
  const content =
    text.length <= max
      ? text
      : `…[truncated ${text.length - (max - 40)} characters]\n${text.slice(-(max - 40))}`;
  return { attachment_type: 'log', content_type: 'text/plain', content };
};

/** An error shown in the console (`error message`, text/plain). */
export const errorAttachment = (title: string, message: string): OLSAttachment => ({
  attachment_type: 'error message',
  content_type: 'text/plain',
  content: finish(`${redactText(title)}\n\n${redactText(message)}`),
});

/** Structured context such as parsed search filters (`configuration`, application/json). */
export const configurationAttachment = (value: unknown): OLSAttachment => ({
  attachment_type: 'configuration',
  content_type: 'application/json',
  content: finish(redactText(JSON.stringify(value, null, 2))),
});
