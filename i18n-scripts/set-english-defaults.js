/* English values equal their keys; this rewrites any empty value and keeps keys sorted. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('fs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const path = require('path');

const dir = path.join(__dirname, '..', 'locales', 'en');
for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
  const full = path.join(dir, file);
  const messages = JSON.parse(fs.readFileSync(full, 'utf8'));
  const sorted = {};
  for (const key of Object.keys(messages).sort()) {
    const value = messages[key];
    sorted[key] = value === '' || value === undefined ? key.replace(/_(one|other)$/, '') : value;
  }
  fs.writeFileSync(full, `${JSON.stringify(sorted, null, 2)}\n`);
}
