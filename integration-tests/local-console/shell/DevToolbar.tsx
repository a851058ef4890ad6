import {
  FormSelect,
  FormSelectOption,
  Switch,
  Toolbar,
  ToolbarContent,
  ToolbarItem,
} from '@patternfly/react-core';
import type { DevState } from './devState';
import { updateDevState } from './devState';

const OLS_FAILURES = [
  'none',
  '401',
  '403',
  '413',
  '422',
  '500',
  'quota',
  '502',
  '503',
  'timeout',
  'reset',
  'error-event',
  'malformed',
];

/** Switches for the states the product must handle: user, Lightspeed present, MCP registered, OLS failures. */
export const DevToolbar = ({ state }: { state: DevState }) => (
  <Toolbar className="kv-ls-shell-toolbar" data-test="dev-toolbar">
    <ToolbarContent>
      <ToolbarItem>
        <FormSelect
          aria-label="Signed-in user"
          data-test="dev-user"
          value={state.user}
          onChange={(_e, user) => void updateDevState({ user })}
        >
          {state.users.map((u) => (
            <FormSelectOption key={u.name} value={u.name} label={`${u.name} (${u.description})`} />
          ))}
        </FormSelect>
      </ToolbarItem>
      <ToolbarItem>
        <Switch
          id="dev-lightspeed"
          data-test="dev-lightspeed"
          label="Lightspeed installed"
          isChecked={state.lightspeed}
          onChange={(_e, lightspeed) => void updateDevState({ lightspeed })}
        />
      </ToolbarItem>
      <ToolbarItem>
        <Switch
          id="dev-mcp"
          data-test="dev-mcp"
          label="cnv-mcp-server registered"
          isChecked={state.mcpRegistered}
          onChange={(_e, mcpRegistered) => void updateDevState({ mcpRegistered })}
        />
      </ToolbarItem>
      <ToolbarItem>
        <Switch
          id="dev-ai-enabled"
          data-test="dev-ai-enabled"
          label="AI enabled (admin)"
          isChecked={state.aiEnabled}
          onChange={(_e, aiEnabled) => void updateDevState({ aiEnabled })}
        />
      </ToolbarItem>
      <ToolbarItem>
        <FormSelect
          aria-label="OLS failure"
          data-test="dev-ols-failure"
          value={state.olsFailure}
          onChange={(_e, olsFailure) => void updateDevState({ olsFailure })}
        >
          {OLS_FAILURES.map((f) => (
            <FormSelectOption
              key={f}
              value={f}
              label={f === 'none' ? 'OLS healthy' : `OLS fails: ${f}`}
            />
          ))}
        </FormSelect>
      </ToolbarItem>
    </ToolbarContent>
  </Toolbar>
);
