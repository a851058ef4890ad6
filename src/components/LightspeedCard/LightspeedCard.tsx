import {
  Alert,
  AlertActionLink,
  Button,
  Card,
  CardBody,
  CardFooter,
  CardHeader,
  CardTitle,
  ExpandableSection,
  Label,
  LabelGroup,
  List,
  ListItem,
  Skeleton,
  Spinner,
} from '@patternfly/react-core';
import type { FC } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAICapability } from '../../lightspeed/capabilities/useAICapability';
import { describeOlsError } from '../../lightspeed/client/describeError';
import { isRetryable, OlsError } from '../../lightspeed/client/errors';
import { useLightspeedQuery } from '../../lightspeed/hooks/useLightspeedQuery';
import { useOpenOLSHandler } from '../../lightspeed/hooks/useOpenInLightspeed';
import type { NameMasker } from '../../lightspeed/prompts/anonymize';
import type { LightspeedRequest, OLSQueryResult, ToolResult } from '../../lightspeed/types';
import { ContinueInLightspeedButton } from './ContinueInLightspeedButton';
import { LightspeedMarkdown, safeUrl } from './LightspeedMarkdown';
import { SentContentReview } from './SentContentReview';
import { ToolApprovalList } from './ToolApprovalList';
import './LightspeedCard.css';

export interface LightspeedCardProps {
  request: LightspeedRequest;
  title?: string;
  onResult?: (result: OLSQueryResult) => void;
  /** Called when the user asks to retry after an error (before the request is sent again). */
  onRetry?: () => void;
  /**
   * Send as soon as OLS is usable (default true); otherwise the card shows an "Ask" button. A
   * request with attachments (cluster data) always waits for the user, who can review it first.
   */
  autoStart?: boolean;
  /**
   * The request was sent with masked names (`ai.anonymizeNames`): the answer is shown, passed to
   * `onResult` and continued in the chat with the real names put back.
   */
  nameMasker?: NameMasker;
}

const restoreResult = <R extends OLSQueryResult>(result: R, masker: NameMasker | undefined): R =>
  masker ? { ...result, text: masker.restore(result.text) } : result;

const ErrorDetails: FC<{ error: OlsError; onRetry?: () => void }> = ({ error, onRetry }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const [expanded, setExpanded] = useState(false);
  const description = describeOlsError(error, t);
  return (
    <Alert
      isInline
      variant={description.variant}
      title={description.title}
      actionLinks={
        onRetry && isRetryable(error) ? (
          <AlertActionLink onClick={onRetry} aria-label={t('Retry the question')}>
            {t('Retry')}
          </AlertActionLink>
        ) : undefined
      }
    >
      <p>{description.message}</p>
      {description.moreInfo && (
        <ExpandableSection
          toggleText={expanded ? t('Less info') : t('More info')}
          onToggle={(_event, isExpanded) => setExpanded(isExpanded)}
          isExpanded={expanded}
        >
          {description.moreInfo}
        </ExpandableSection>
      )}
    </Alert>
  );
};

const toolLabelColor = (results: ToolResult[], name: string): 'green' | 'red' | 'grey' => {
  const result = results.find((item) => item.name === name);
  if (!result) return 'grey';
  return result.status === 'error' ? 'red' : 'green';
};

/**
 * Asks OpenShift Lightspeed one question and shows the streamed answer, the tools it used, the
 * documents it cites, and any error with a way to retry; "Continue in Lightspeed" hands the same
 * question to the chat. Renders nothing when AI is off.
 */
export const LightspeedCard: FC<LightspeedCardProps> = ({
  request,
  title,
  onResult,
  onRetry,
  autoStart = true,
  nameMasker,
}) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const { capability, loading: detecting, reason, recheck } = useAICapability();
  const hasAttachments = (request.attachments?.length ?? 0) > 0;
  // Objects, events, logs and errors are cluster data; parsed search filters are the user's own.
  const clusterAttachments = (request.attachments ?? []).filter(
    (attachment) => attachment.attachment_type !== 'configuration',
  ).length;
  const query = useLightspeedQuery(request, {
    autoStart: autoStart && clusterAttachments === 0,
    onResult: onResult && ((raw) => onResult(restoreResult(raw, nameMasker))),
  });
  const useOpenOLS = useOpenOLSHandler();
  const cardTitle = title ?? t('OpenShift Lightspeed');

  if (!detecting && capability === 'off' && reason !== 'ols-not-ready') return null;

  const running = query.status === 'waiting' || query.status === 'streaming';
  const result = restoreResult(query.result, nameMasker);
  const toolNames = [...new Set(result.toolCalls.map((call) => call.name).filter(Boolean))];
  // Only a running answer can still use a decision; OLS drops its waits when the stream ends.
  const pendingApprovals = running ? (result.pendingApprovals ?? []) : [];
  const retry = () => {
    onRetry?.();
    query.start();
  };

  let body;
  if (capability === 'off' && reason === 'ols-not-ready') {
    body = (
      <ErrorDetails
        error={new OlsError('unavailable')}
        onRetry={() => {
          onRetry?.();
          recheck();
        }}
      />
    );
  } else if (detecting || (running && !result.text && pendingApprovals.length === 0)) {
    body = (
      <div className="kv-ls-lightspeed-card__waiting" aria-busy="true">
        <Skeleton width="90%" screenreaderText={t('Waiting for the answer')} />
        <Skeleton width="75%" />
        <Skeleton width="60%" />
      </div>
    );
  } else if (query.status === 'idle') {
    body = (
      <>
        {clusterAttachments > 0 && (
          <p className="kv-ls-lightspeed-card__section">
            {t(
              'This question sends {{count}} attachments with data from the cluster (secrets removed). Review them, then send.',
              { count: clusterAttachments },
            )}
          </p>
        )}
        <Button variant="secondary" onClick={query.start} isDisabled={!query.canQuery}>
          {clusterAttachments > 0
            ? t('Send to OpenShift Lightspeed')
            : t('Ask OpenShift Lightspeed')}
        </Button>
      </>
    );
  }

  return (
    <Card className="kv-ls-lightspeed-card" isCompact aria-label={cardTitle}>
      <CardHeader
        actions={
          running
            ? {
                actions: (
                  <Button
                    variant="link"
                    isInline
                    onClick={query.cancel}
                    aria-label={t('Cancel the answer')}
                  >
                    {t('Cancel')}
                  </Button>
                ),
                hasNoOffset: true,
              }
            : undefined
        }
      >
        <CardTitle>
          {cardTitle} {running && <Spinner size="sm" aria-label={t('Answering')} />}
        </CardTitle>
      </CardHeader>
      <CardBody>
        {body}
        {hasAttachments && (
          <SentContentReview
            request={request}
            sent={query.status !== 'idle'}
            maskedNames={nameMasker?.names}
          />
        )}
        <ToolApprovalList
          // A new answer (new conversation) starts with no decisions.
          key={result.conversationId ?? ''}
          approvals={pendingApprovals}
          request={request}
          result={result}
          useOpenOLS={useOpenOLS}
        />
        {result.text && (
          <div
            className="kv-ls-lightspeed-card__answer"
            aria-live="polite"
            aria-busy={running}
            data-test="lightspeed-answer"
          >
            <LightspeedMarkdown text={result.text} />
          </div>
        )}
        {query.status === 'error' && query.error && (
          <div className="kv-ls-lightspeed-card__section">
            <ErrorDetails error={query.error} onRetry={retry} />
          </div>
        )}
        {toolNames.length > 0 && (
          <div className="kv-ls-lightspeed-card__section">
            <LabelGroup categoryName={t('Tools used')} aria-label={t('Tools used')}>
              {toolNames.map((name) => (
                <Label key={name} color={toolLabelColor(result.toolResults, name)} isCompact>
                  {name}
                </Label>
              ))}
            </LabelGroup>
          </div>
        )}
        {result.referencedDocuments.length > 0 && (
          <div className="kv-ls-lightspeed-card__section">
            <List isPlain aria-label={t('Referenced documents')}>
              {result.referencedDocuments.map((doc) => (
                <ListItem key={doc.doc_url}>
                  {/* OLS returns these URLs from its index: only http(s) and relative links. */}
                  {safeUrl(doc.doc_url) ? (
                    <a href={doc.doc_url} target="_blank" rel="noopener noreferrer">
                      {doc.doc_title || doc.doc_url}
                    </a>
                  ) : (
                    <span>{doc.doc_title || doc.doc_url}</span>
                  )}
                </ListItem>
              ))}
            </List>
          </div>
        )}
        {result.truncated && query.status === 'done' && (
          <p className="kv-ls-lightspeed-card__section">
            {t('Earlier conversation was shortened to fit the model context.')}
          </p>
        )}
      </CardBody>
      {useOpenOLS && (
        <CardFooter>
          <ContinueInLightspeedButton useOpenOLS={useOpenOLS} request={request} result={result} />
        </CardFooter>
      )}
    </Card>
  );
};

export default LightspeedCard;
