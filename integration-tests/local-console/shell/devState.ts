/** The local console's switches, held by the local server so every tab and the tests see the same. */
export interface DevState {
  user: string;
  users: { name: string; description: string }[];
  lightspeed: boolean;
  mcpRegistered: boolean;
  olsFailure: string;
  aiEnabled: boolean;
}

export const fetchDevState = async (): Promise<DevState> => (await fetch('/api/dev/state')).json();

export const updateDevState = async (patch: Partial<DevState>) => {
  await fetch('/api/dev/state', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(patch),
  });
  // Capability detection is cached per browser session: a new state needs a fresh session.
  sessionStorage.clear();
  window.location.reload();
};
