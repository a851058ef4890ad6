import fc from 'fast-check';
import { CNV_TOOLS } from '.';

/** Arbitrary JSON-ish arguments, plus near-miss objects built from each tool's real field names. */
const argumentsFor = (fields: string[]) =>
  fc.oneof(
    fc.anything(),
    fc.dictionary(fc.constantFrom(...fields, 'extra'), fc.anything(), { maxKeys: 6 }),
    fc.dictionary(fc.constantFrom(...fields), fc.string({ maxLength: 2000 }), { maxKeys: 6 }),
  );

describe('tool input schemas under hostile input', () => {
  it.each(CNV_TOOLS.map((tool) => [tool.name, tool] as const))(
    '%s: validation never throws and only accepts well-formed arguments',
    (_name, tool) => {
      const fields = Object.keys(
        (tool.input as unknown as { shape: Record<string, unknown> }).shape,
      );
      fc.assert(
        fc.property(argumentsFor(fields), (args) => {
          const parsed = tool.input.safeParse(args);
          if (parsed.success) {
            const accepted = parsed.data as Record<string, unknown>;
            expect(Object.keys(accepted).every((key) => fields.includes(key))).toBe(true);
          } else {
            expect(parsed.error.issues.length).toBeGreaterThan(0);
          }
        }),
        { numRuns: 300 },
      );
    },
  );

  it('names the offending field in the validation error', () => {
    const search = CNV_TOOLS.find((tool) => tool.name === 'search_virtual_machines');
    const result = search?.input.safeParse({ limit: 100_000 });
    expect(result?.success).toBe(false);
    expect(result?.error?.issues[0].path).toEqual(['limit']);
  });
});
