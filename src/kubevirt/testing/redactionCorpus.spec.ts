import { diagnoseVm } from '../diagnosis';
import { boundLauncherLog } from '../diagnosis/launcherLogTail';
import { makeSnapshot, makeVm, makeVmi } from '../diagnosis/testing/builders';
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

/**
 * The launcher log path (diagnosis/launcherLog.ts, rules/launcherLog.ts): the entry's text in the
 * compute log of a failing VM — as it is, as one JSON line, and with every line made an error line
 * the rule turns into evidence — then the bounded lines the snapshot keeps and the findings.
 */
const KNOWN_ERROR = 'qemu-kvm: Could not access KVM kernel module: ';
const launcherLogOut = (input: unknown): Record<string, string> => {
  // Objects as virt-launcher (Go) logs them: one JSON line.
  const text = typeof input === 'string' ? input : JSON.stringify(input);
  const log = [
    text,
    // A virt-launcher JSON line whose message quotes the text.
    `{"level":"error","msg":${JSON.stringify(`${KNOWN_ERROR}${text}`)}}`,
    ...text.split('\n').map((line) => `${KNOWN_ERROR}${line}`),
  ].join('\n');
  const bounded = boundLauncherLog('virt-launcher-vm1-abcde', 'compute', log);
  const findings = (lines: string[]) =>
    diagnoseVm(
      makeSnapshot(makeVm({ status: 'CrashLoopBackOff' }), {
        vmi: makeVmi({ phase: 'Failed', node: 'worker-1' }),
        launcherLogs: [{ ...bounded, lines }],
      }),
    ).findings.filter((f) => f.ruleId.startsWith('launcher-log.'));
  // The rule keeps the newest matching lines: one run per line puts every line in evidence.
  const perLine = bounded.lines.flatMap((line) => findings([line]));
  return {
    'launcherLog lines': bounded.lines.join('\n'),
    'launcherLog findings': JSON.stringify([...findings(bounded.lines), ...perLine]),
  };
};

describe('redaction corpus over launcher log findings', () => {
  it('turns the known error lines into findings (the leak check can fail)', () => {
    const out = launcherLogOut('password=visible-if-not-redacted');
    expect(out['launcherLog findings']).toContain('launcher-log.kvm-unavailable');
    expect(out['launcherLog findings']).toContain('Could not access KVM kernel module');
  });

  it.each(REDACTION_CORPUS.map((entry) => [entry.name, entry] as const))(
    '%s: no secret in the log lines or the findings',
    (_name, entry) => {
      for (const [path, output] of Object.entries(launcherLogOut(entry.input))) {
        expect({ path, leaks: findLeaks(output, entry.secrets) }).toEqual({ path, leaks: [] });
      }
    },
  );
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
