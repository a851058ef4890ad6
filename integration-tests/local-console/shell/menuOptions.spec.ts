import {
  createLocalMenuOptions,
  createMenuOptions,
  flattenToAccessReview,
  mergeOptions,
  orderOptions,
} from './menuOptions';
import { kubevirtVmActions } from './kubevirtVmActions';

const ids = (options: { id: string }[]) => options.map((o) => o.id);

describe('menu options', () => {
  it('keeps actions without a path in arrival order and groups the others', () => {
    const options = createMenuOptions(
      [
        { id: 'a', label: 'A', cta: () => null },
        { id: 'b', label: 'B', cta: () => null, path: '$bottom' },
        { id: 'c', label: 'C', cta: () => null, path: '$top' },
        { id: 'd', label: 'D', cta: () => null, path: 'g' },
      ],
      [{ id: 'g', label: 'G' }],
    );
    expect(ids(options)).toEqual(['$top', 'a', 'g', '$bottom']);
  });

  it("puts kubevirt-plugin's own actions first and merges same ids (first wins)", () => {
    const local = createLocalMenuOptions(
      kubevirtVmActions({
        metadata: { name: 'vm', namespace: 'ns' },
        status: { printableStatus: 'Running' },
      }),
    );
    const merged = mergeOptions([
      ...local,
      { id: 'vm-action-delete', label: 'Other delete', cta: () => null },
      { id: 'kv-ls-troubleshoot-with-ai', label: 'Troubleshoot with AI', cta: () => null },
    ]);
    expect(ids(merged)[0]).toBe('control-menu');
    expect(ids(merged).slice(-2)).toEqual(['vm-action-delete', 'kv-ls-troubleshoot-with-ai']);
    expect(merged.find((o) => o.id === 'vm-action-delete')).toMatchObject({ label: 'Delete' });
    expect(flattenToAccessReview(merged)).toContainEqual(
      expect.objectContaining({ resource: 'virtualmachines', verb: 'delete', name: 'vm' }),
    );
  });

  it('honours insertBefore / insertAfter', () => {
    expect(
      ids(
        orderOptions([{ id: 'm' }, { id: 'f', insertBefore: 'm' }, { id: 'l', insertAfter: 'm' }]),
      ),
    ).toEqual(['f', 'm', 'l']);
  });
});
