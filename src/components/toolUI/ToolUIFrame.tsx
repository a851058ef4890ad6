import type { FC, ReactNode } from 'react';
import { Title } from '@patternfly/react-core';
import './toolUI.css';

/** A titled block inside a chat answer. */
export const ToolUIFrame: FC<{ title: string; children: ReactNode }> = ({ title, children }) => (
  <section className="kv-ls-tool-ui" aria-label={title}>
    <Title headingLevel="h4" className="kv-ls-tool-ui__title">
      {title}
    </Title>
    {children}
  </section>
);
