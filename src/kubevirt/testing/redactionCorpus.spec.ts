import { projectForAI } from '../projection';
import { redactObject, redactText, toRedactedYaml } from '../redaction';
import { REDACTION_CORPUS, findLeaks, recoverableText } from './redactionCorpus';
import { REDACTION_CORPUS_SHAPES } from './redactionCorpusShapes';

const pathsOut = (input: unknown): Record<string, string> => ({
  redactObject:
    typeof input === 'string' ? redactObject(input) : JSON.stringify(redactObject(input)),
  toRedactedYaml: toRedactedYaml(input),
  'toRedactedYaml(projectForAI)': toRedactedYaml(projectForAI(input)),
  'redactText(JSON)': redactText(JSON.stringify(input)),
  'redactText(JSON, indented)': redactText(JSON.stringify(input, null, 2)),
  ...(typeof input === 'string' ? { redactText: redactText(input) } : {}),
});

describe('redaction corpus', () => {
  it('has at least 120 entries, 40 of them shapes of real formats, with unique names', () => {
    expect(REDACTION_CORPUS.length).toBeGreaterThanOrEqual(120);
    expect(REDACTION_CORPUS_SHAPES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(REDACTION_CORPUS.map((entry) => entry.name)).size).toBe(REDACTION_CORPUS.length);
  });

  describe.each(REDACTION_CORPUS.map((entry) => [entry.name, entry] as const))(
    '%s',
    (_name, entry) => {
      it('really carries its secrets before redaction (the leak check can fail)', () => {
        expect(entry.secrets.length).toBeGreaterThan(0);
        expect(findLeaks(JSON.stringify(entry.input), entry.secrets)).toEqual(entry.secrets);
      });

      it('leaks no secret on any path out', () => {
        for (const [path, output] of Object.entries(pathsOut(entry.input))) {
          expect({ path, leaks: findLeaks(output, entry.secrets) }).toEqual({ path, leaks: [] });
        }
      });

      it('keeps the harmless facts', () => {
        const outputs = pathsOut(entry.input);
        for (const path of ['redactObject', 'toRedactedYaml']) {
          const visible = recoverableText(outputs[path]);
          const lost = (entry.keep ?? []).filter((fact) => !visible.includes(fact));
          expect({ path, lost }).toEqual({ path, lost: [] });
        }
      });

      it('never mutates its input and is stable', () => {
        const before = JSON.stringify(entry.input);
        const once = toRedactedYaml(entry.input);
        expect(JSON.stringify(entry.input)).toBe(before);
        expect(toRedactedYaml(entry.input)).toBe(once);
        expect(redactObject(redactObject(entry.input))).toEqual(redactObject(entry.input));
      });
    },
  );
});
