import type { Diagnosis } from './model';

/**
 * The diagnosis without its translatable Messages (`text`, `nameText`, `titleText`,
 * `descriptionText`): what the MCP server returns, so the model reads the English fields only and
 * the tool output stays what it was before diagnosis text became translatable.
 */
export const withoutMessages = (d: Diagnosis): Diagnosis => ({
  ...d,
  rootCause: d.rootCause ? (({ text: _text, ...rest }) => rest)(d.rootCause) : d.rootCause,
  findings: d.findings.map(({ text: _text, ...rest }) => rest),
  checks: d.checks.map(({ text: _text, nameText: _name, ...rest }) => rest),
  suggestions: d.suggestions.map(
    ({ titleText: _title, descriptionText: _description, ...rest }) => rest,
  ),
});
