/**
 * A persistent 429 with Retry-After on the VirtualMachine endpoint: every tool retries within its
 * bound, then answers with a clear throttling message (no hang), and works again once it stops.
 */
import { useFaultRig } from './support/faultRig';
import { TOOL_NAMES } from './support/server';

jest.setTimeout(60_000);

const rig = useFaultRig();

it.each(TOOL_NAMES.map((t) => [t]))('%s: clear throttling error, then recovery', (tool) =>
  rig.expectFailureThenRecovery(
    tool,
    { status: 429, retryAfterSeconds: 1 },
    /throttling requests \(429\)/,
  ),
);
