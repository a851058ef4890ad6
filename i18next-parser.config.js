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
  lexers: {
    ts: ['JavascriptLexer'],
    tsx: ['JsxLexer'],
    json: [CustomJSONLexer],
    default: ['JavascriptLexer'],
  },
};
