/* Extracts %plugin__name~Label% strings from console-extensions.json (JSONC). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse } = require('comment-json');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const EventEmitter = require('events');

class CustomJSONLexer extends EventEmitter {
  extract(content) {
    const keys = [];
    const visit = (value) => {
      if (typeof value === 'string') {
        const match = value.match(/^%(.+)%$/);
        if (match) {
          const [ns, key] = match[1].split('~');
          if (key) keys.push({ key, namespace: ns });
        }
      } else if (Array.isArray(value)) {
        value.forEach(visit);
      } else if (value && typeof value === 'object') {
        Object.values(value).forEach(visit);
      }
    };
    try {
      visit(parse(content));
    } catch (e) {
      this.emit('warning', `Unable to parse JSON: ${e.message}`);
    }
    return keys;
  }
}

module.exports = { CustomJSONLexer };
