import {
  CodeBlock,
  CodeBlockCode,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  ExpandableSection,
  Title,
} from '@patternfly/react-core';
import type { FC } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MaskedName } from '../../lightspeed/prompts/anonymize';
import type { LightspeedRequest } from '../../lightspeed/types';

interface SentContentReviewProps {
  request: LightspeedRequest;
  /** Before sending it says "will be sent"; afterwards, "was sent". */
  sent: boolean;
  /** Names replaced by placeholders before sending; the table stays in the browser. */
  maskedNames?: readonly MaskedName[];
}

/**
 * Exactly what leaves the console for OpenShift Lightspeed: the prompt and every attachment, as the
 * request body carries them (already projected and redacted). Admins and users can check it
 * before a static prompt sends cluster data.
 */
export const SentContentReview: FC<SentContentReviewProps> = ({ request, sent, maskedNames }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const [expanded, setExpanded] = useState(false);
  const attachments = request.attachments ?? [];
  const toggleText = sent
    ? t('What was sent to OpenShift Lightspeed ({{count}} attachments)', {
        count: attachments.length,
      })
    : t('Review what will be sent ({{count}} attachments)', { count: attachments.length });
  return (
    <ExpandableSection
      className="kv-ls-lightspeed-card__section"
      toggleText={toggleText}
      onToggle={(_event, isExpanded) => setExpanded(isExpanded)}
      isExpanded={expanded}
      data-test="sent-content-review"
    >
      {maskedNames && maskedNames.length > 0 && (
        <div className="kv-ls-lightspeed-card__section" data-test="masked-names">
          <Title headingLevel="h4" size="md">
            {t('Names replaced before sending (this table is not sent)')}
          </Title>
          <DescriptionList isCompact isHorizontal>
            {maskedNames.map(({ placeholder, name }) => (
              <DescriptionListGroup key={placeholder}>
                <DescriptionListTerm>{placeholder}</DescriptionListTerm>
                <DescriptionListDescription>{name}</DescriptionListDescription>
              </DescriptionListGroup>
            ))}
          </DescriptionList>
        </div>
      )}
      <Title headingLevel="h4" size="md">
        {t('Prompt')}
      </Title>
      <CodeBlock>
        <CodeBlockCode>{request.query}</CodeBlockCode>
      </CodeBlock>
      {attachments.map((attachment, index) => (
        <div key={index} className="kv-ls-lightspeed-card__section">
          <Title headingLevel="h4" size="md">
            {t('Attachment {{index}}: {{type}} ({{contentType}})', {
              index: index + 1,
              type: attachment.attachment_type,
              contentType: attachment.content_type,
            })}
          </Title>
          <CodeBlock>
            <CodeBlockCode>{attachment.content}</CodeBlockCode>
          </CodeBlock>
        </div>
      ))}
    </ExpandableSection>
  );
};
