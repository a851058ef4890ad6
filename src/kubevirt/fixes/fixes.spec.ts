import type { Suggestion } from '../diagnosis/model';
import type { VirtualMachine, VirtualMachineInstance } from '../types';
import { fixEvent, fixForSuggestion, parseCommand, undoOf, type VmState } from './index';

const vm = (spec: VirtualMachine['spec'] = { runStrategy: 'Always' }): VirtualMachine => ({
  apiVersion: 'kubevirt.io/v1',
  kind: 'VirtualMachine',
  metadata: { name: 'web', namespace: 'team-a', uid: 'vm-uid', resourceVersion: '41' },
  spec,
});
const vmi = (paused = false, phase = 'Running'): VirtualMachineInstance => ({
  metadata: { name: 'web', namespace: 'team-a' },
  status: {
    phase,
    conditions: paused ? [{ type: 'Paused', status: 'True', reason: 'PausedByUser' }] : [],
  },
});
const suggestion = (commands: string[], ruleId = 'vm.paused-user'): Suggestion => ({
  title: 'Unpause the VM',
  description: '',
  commands,
  risk: 'low',
  ruleId,
});

describe('parseCommand', () => {
  it('reads lifecycle commands, reads and anything else apart', () => {
    expect(parseCommand('virtctl unpause vm web -n team-a')).toEqual({
      action: 'unpause',
      name: 'web',
      namespace: 'team-a',
    });
    expect(parseCommand('virtctl restart web -n team-a')).toMatchObject({ action: 'restart' });
    expect(parseCommand('virtctl migrate-cancel web')).toMatchObject({
      action: 'cancel-migration',
    });
    expect(parseCommand('oc delete vmim web-mig -n team-a')).toMatchObject({
      action: 'cancel-migration',
      name: 'web-mig',
    });
    expect(parseCommand('oc describe vmi web -n team-a')).toBeNull();
    expect(parseCommand('oc edit vm web -n team-a')).toBeUndefined();
    expect(parseCommand('oc delete datavolume d -n team-a')).toBeUndefined();
  });
});

describe('fixForSuggestion', () => {
  it('maps "Unpause the VM" on a paused VM to the VMI unpause subresource, undone by pause', () => {
    const state: VmState = { vm: vm(), vmi: vmi(true) };
    const fix = fixForSuggestion(suggestion(['virtctl unpause vm web -n team-a']), state);
    expect(fix).toMatchObject({
      action: 'unpause',
      ruleId: 'vm.paused-user',
      inverse: 'pause',
      request: {
        method: 'PUT',
        path: '/apis/subresources.kubevirt.io/v1/namespaces/team-a/virtualmachineinstances/web/unpause',
        access: {
          group: 'subresources.kubevirt.io',
          resource: 'virtualmachineinstances',
          subresource: 'unpause',
          verb: 'update',
          namespace: 'team-a',
          name: 'web',
        },
      },
    });
    const undo = undoOf(fix!, state, { vm: vm(), vmi: vmi(false) });
    expect(undo?.request.path).toMatch(/virtualmachineinstances\/web\/pause$/);
    expect(undo?.inverse).toBeUndefined();
  });

  it('offers nothing when the VM is not in the state the action needs', () => {
    expect(
      fixForSuggestion(suggestion(['virtctl unpause vm web -n team-a']), {
        vm: vm(),
        vmi: vmi(false),
      }),
    ).toBeUndefined();
    expect(
      fixForSuggestion(suggestion(['virtctl restart web -n team-a']), { vm: vm() }),
    ).toBeUndefined();
  });

  it('refuses a suggestion that also edits objects, or names another VM or namespace', () => {
    const state = { vm: vm(), vmi: vmi() };
    expect(
      fixForSuggestion(
        suggestion(['oc edit vm web -n team-a', 'virtctl restart web -n team-a']),
        state,
      ),
    ).toBeUndefined();
    expect(
      fixForSuggestion(suggestion(['virtctl restart other -n team-a']), state),
    ).toBeUndefined();
    expect(fixForSuggestion(suggestion(['virtctl restart web -n team-b']), state)).toBeUndefined();
  });

  it('takes the first alternative that fits: migrate a running VM, restart one that is not', () => {
    const commands = ['virtctl migrate web -n team-a', 'virtctl restart web -n team-a'];
    const running = fixForSuggestion(suggestion(commands, 'node.not-ready'), {
      vm: vm(),
      vmi: vmi(),
    });
    expect(running?.action).toBe('migrate');
    expect(running?.request).toMatchObject({
      method: 'POST',
      path: '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachineinstancemigrations',
      body: {
        kind: 'VirtualMachineInstanceMigration',
        metadata: { name: 'web-kv-ls-41' },
        spec: { vmiName: 'web' },
      },
    });
    const undo = undoOf(running!, { vm: vm(), vmi: vmi() }, { vm: vm(), vmi: vmi() });
    expect(undo?.request).toMatchObject({
      method: 'DELETE',
      path: '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachineinstancemigrations/web-kv-ls-41',
    });
    const pending = fixForSuggestion(suggestion(commands, 'node.not-ready'), {
      vm: vm(),
      vmi: vmi(false, 'Scheduling'),
    });
    expect(pending?.action).toBe('restart');
    expect(pending?.inverse).toBeUndefined();
  });

  it('stops with a runStrategy patch guarded by resourceVersion, and Undo restores the old strategy', () => {
    const state = { vm: vm({ runStrategy: 'RerunOnFailure' }), vmi: vmi() };
    const fix = fixForSuggestion(suggestion(['virtctl stop web -n team-a']), state);
    expect(fix?.request).toEqual(
      expect.objectContaining({
        method: 'PATCH',
        path: '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachines/web',
        patch: [
          { op: 'test', path: '/metadata/resourceVersion', value: '41' },
          { op: 'test', path: '/spec/runStrategy', value: 'RerunOnFailure' },
          { op: 'replace', path: '/spec/runStrategy', value: 'Halted' },
        ],
      }),
    );
    const after = {
      vm: {
        ...vm({ runStrategy: 'Halted' }),
        metadata: { ...vm().metadata, resourceVersion: '42' },
      },
    };
    expect(undoOf(fix!, state, after)?.request.patch).toEqual([
      { op: 'test', path: '/metadata/resourceVersion', value: '42' },
      { op: 'test', path: '/spec/runStrategy', value: 'Halted' },
      { op: 'replace', path: '/spec/runStrategy', value: 'RerunOnFailure' },
    ]);
  });

  it('cancels only a migration of this VM that is still running', () => {
    const mig = (phase: string) => ({
      metadata: { name: 'm1' },
      spec: { vmiName: 'web' },
      status: { phase },
    });
    const s = suggestion(['oc delete vmim m1 -n team-a'], 'migration.stuck');
    expect(
      fixForSuggestion(s, { vm: vm(), vmi: vmi(), migrations: [mig('Running')] })?.request,
    ).toMatchObject({
      method: 'DELETE',
      path: '/apis/kubevirt.io/v1/namespaces/team-a/virtualmachineinstancemigrations/m1',
    });
    expect(
      fixForSuggestion(s, { vm: vm(), vmi: vmi(), migrations: [mig('Failed')] }),
    ).toBeUndefined();
  });

  it('prefers a stable suggestion id when the diagnosis gives one', () => {
    const s = { ...suggestion(['virtctl unpause vm web -n team-a']), id: 'vm.paused-user/unpause' };
    expect(fixForSuggestion(s, { vm: vm(), vmi: vmi(true) })?.suggestionId).toBe(
      'vm.paused-user/unpause',
    );
  });
});

describe('fixEvent', () => {
  it('names the user, the rule and the exact request, on the VM', () => {
    const fix = fixForSuggestion(suggestion(['virtctl unpause vm web -n team-a']), {
      vm: vm(),
      vmi: vmi(true),
    })!;
    const event = fixEvent(fix, 'alice', new Date('2026-12-02T10:00:00.123Z'));
    expect(event).toMatchObject({
      reason: 'AIFixApplied',
      involvedObject: { kind: 'VirtualMachine', name: 'web', namespace: 'team-a', uid: 'vm-uid' },
      metadata: { namespace: 'team-a' },
      lastTimestamp: '2026-12-02T10:00:00Z',
    });
    expect(event.message).toBe(
      'User "alice" applied the fix "Unpause the VM" of rule vm.paused-user (unpause): PUT /apis/subresources.kubevirt.io/v1/namespaces/team-a/virtualmachineinstances/web/unpause',
    );
  });
});
