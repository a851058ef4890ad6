import type { FC } from 'react';
import { useTranslation } from 'react-i18next';
import { List, ListItem } from '@patternfly/react-core';
import type { SuggestionView } from '../DiagnosisView';
import { SuggestionsList } from '../DiagnosisView';
import { asArray, asBoolean, asRecord, asString, asStringArray, firstArray } from './guards';
import type { ToolUIProps } from './types';
import { ToolUIFrame } from './ToolUIFrame';

const joined = (...parts: (string | undefined)[]) => parts.filter(Boolean).join(' · ');

/** `explain_vm_status`: the status in plain language, its conditions, and what happens next. */
export const ExplainStatusToolUI: FC<ToolUIProps> = ({ tool }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const content = asRecord(tool?.structuredContent);
  if (!content) return null;
  const status =
    asString(content.status) ??
    asString(content.printableStatus) ??
    asString(asRecord(content.vm)?.printableStatus);
  const explanation =
    asString(content.meaning) ?? asString(content.explanation) ?? asString(content.summary);
  const next = asString(content.whatHappensNext) ?? asString(content.next);
  const nextSteps = asStringArray(content.nextSteps);
  const conditions = asArray(content.conditions).flatMap((entry) => {
    const c = asRecord(entry);
    const type = asString(c?.type);
    if (!c || !type) return [];
    const text = asString(c.explanation) ?? asString(c.message);
    const source = asString(c.source);
    return [
      {
        key: `${source ?? ''}/${type}`,
        text: joined(source, `${type}=${asString(c.status) ?? '?'}`, asString(c.reason), text),
      },
    ];
  });
  if (!status && !explanation && conditions.length === 0) return null;
  return (
    <ToolUIFrame title={status ? t('Status: {{status}}', { status }) : t('VirtualMachine status')}>
      {explanation && <p>{explanation}</p>}
      {conditions.length > 0 && (
        <List aria-label={t('Conditions')}>
          {conditions.map((c) => (
            <ListItem key={c.key}>{c.text}</ListItem>
          ))}
        </List>
      )}
      {next && <p>{t('What happens next: {{next}}', { next })}</p>}
      {nextSteps.length > 0 && (
        <List component="ol" aria-label={t('Next steps')}>
          {nextSteps.map((step) => (
            <ListItem key={step}>{step}</ListItem>
          ))}
        </List>
      )}
    </ToolUIFrame>
  );
};

/** `check_vm_dependencies`: each object the VM needs and whether it is there. */
export const DependenciesToolUI: FC<ToolUIProps> = ({ tool }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const content = asRecord(tool?.structuredContent);
  const items = firstArray(content, 'dependencies', 'objects', 'items').flatMap((entry) => {
    const d = asRecord(entry);
    const kind = asString(d?.kind);
    const name = asString(d?.name);
    if (!d || !kind || !name) return [];
    const present = asBoolean(d.present) ?? asBoolean(d.exists);
    const state =
      asString(d.state) ??
      asString(d.status) ??
      (present === undefined ? undefined : present ? t('present') : t('missing'));
    return [
      {
        key: `${kind}/${name}`,
        text: joined(`${kind} ${name}`, state, asString(d.purpose), asString(d.message)),
      },
    ];
  });
  if (items.length === 0) return null;
  return (
    <ToolUIFrame title={t('Dependencies ({{count}})', { count: items.length })}>
      <List aria-label={t('Dependencies')}>
        {items.map((item) => (
          <ListItem key={item.key}>{item.text}</ListItem>
        ))}
      </List>
    </ToolUIFrame>
  );
};

/** `get_vm_events`: newest first, with counts. */
export const EventsToolUI: FC<ToolUIProps> = ({ tool }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const content = asRecord(tool?.structuredContent);
  const events = firstArray(content, 'events', 'items').flatMap((entry, index) => {
    const e = asRecord(entry);
    const reason = asString(e?.reason);
    const message = asString(e?.message);
    if (!e || (!reason && !message)) return [];
    const involved = asRecord(e.involvedObject) ?? asRecord(e.object);
    const object = joined(asString(involved?.kind), asString(involved?.name)).replace(' · ', ' ');
    const count = asString(e.count);
    return [
      {
        key: `${index}`,
        text: joined(
          asString(e.type),
          object || undefined,
          reason,
          message,
          count && count !== '1' ? t('×{{count}}', { count }) : undefined,
          asString(e.lastTimestamp) ?? asString(e.time),
        ),
      },
    ];
  });
  if (events.length === 0) return null;
  return (
    <ToolUIFrame title={t('Events ({{count}})', { count: events.length })}>
      <List aria-label={t('Events')}>
        {events.map((event) => (
          <ListItem key={event.key}>{event.text}</ListItem>
        ))}
      </List>
    </ToolUIFrame>
  );
};

/** `suggest_vm_fix`: fixes with their exact commands and risk. */
export const SuggestFixToolUI: FC<ToolUIProps> = ({ tool }) => {
  const { t } = useTranslation('plugin__kubevirt-lightspeed-plugin');
  const content = asRecord(tool?.structuredContent);
  const suggestions = firstArray(content, 'suggestions', 'fixes').flatMap<SuggestionView>(
    (entry) => {
      const s = asRecord(entry);
      const title = asString(s?.title);
      if (!s || !title) return [];
      return [
        {
          title,
          description: asString(s.description),
          commands: asStringArray(s.commands),
          risk: asString(s.risk),
          ruleId: asString(s.ruleId),
        },
      ];
    },
  );
  const note = asString(content?.note);
  if (suggestions.length === 0 && !note) return null;
  return (
    <ToolUIFrame title={t('Suggested fixes')}>
      {suggestions.length > 0 && <SuggestionsList suggestions={suggestions} />}
      {note && <p>{note}</p>}
    </ToolUIFrame>
  );
};
