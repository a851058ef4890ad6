// eslint-disable-next-line @typescript-eslint/no-require-imports
const { CustomJSONLexer } = require('./i18n-scripts/lexers');

/** @type {import('i18next-parser').UserConfig} */
module.exports = {
  sort: true,
  createOldCatalogs: false,
  keySeparator: false,
  locales: ['en'],
  namespaceSeparator: '~',
  reactNamespace: false,
  defaultNamespace: 'plugin__kubevirt-lightspeed-plugin',
  useKeysAsDefaultValue: true,
  // `msg('…')` (src/kubevirt/diagnosis/messages.ts) carries diagnosis text as data: its template is
  // an i18n key like t('…').
  lexers: {
    ts: [{ lexer: 'JavascriptLexer', functions: ['t', 'msg'] }],
    tsx: [{ lexer: 'JsxLexer', functions: ['t', 'msg'] }],
    json: [CustomJSONLexer],
    default: ['JavascriptLexer'],
  },
};
