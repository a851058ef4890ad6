import { diagnoseVm } from '../diagnose';
import {
  NOW,
  condition,
  makeEvent,
  makeNode,
  makeSnapshot,
  makeVm,
  makeVmi,
} from '../testing/builders';

const WEEK = 7 * 24 * 3600 * 1000;

/** A VM Starting since its VMI was created `created` minutes before NOW; the cluster last spoke 1 minute ago. */
const starting = (created: number, now = NOW) =>
  makeSnapshot(makeVm({ status: 'Starting' }), {
    vmi: makeVmi({ phase: 'Scheduling', created }),
    nodes: [
      makeNode('w0', [
        {
          ...condition('Ready', 'True', 'KubeletReady', undefined, 1),
          lastHeartbeatTime: new Date(NOW.getTime() - 60_000).toISOString(),
        } as never,
      ]),
    ],
    events: [
      makeEvent('VirtualMachineInstance', 'vm1', 'SuccessfulCreate', 'Created pod', {
        type: 'Normal',
        minutes: 1,
      }),
    ],
    now,
  });

describe('vm.stuck is timed by the cluster clock', () => {
  it("uses the reader's clock when no node heartbeat is in view (events expire after an hour)", () => {
    const noNodes = { ...starting(9, new Date(NOW.getTime() + WEEK)), nodes: [] };
    expect(diagnoseVm(noNodes).rootCause?.ruleId).toBe('vm.stuck');
  });

  it('does not call a 9-minute start stuck when the snapshot is read a week later', () => {
    expect(diagnoseVm(starting(9)).healthy).toBe(true);
    expect(diagnoseVm(starting(9, new Date(NOW.getTime() + WEEK))).healthy).toBe(true);
  });

  it('reports a long start with the duration the cluster saw, at any reading time', () => {
    for (const now of [NOW, new Date(NOW.getTime() + WEEK)]) {
      const d = diagnoseVm(starting(31, now));
      expect(d.rootCause?.ruleId).toBe('vm.stuck');
      expect(d.rootCause?.summary).toBe('The VM has been Starting for 30 minutes.');
    }
  });
});
