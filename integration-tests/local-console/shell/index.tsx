/**
 * Entry of the local console shell: provides React, react-i18next, react-router and the SDK as shared
 * modules, loads the plugin from its manifest, and renders the console-like page around it.
 */
import '@patternfly/patternfly/patternfly.css';
import '@patternfly/patternfly/patternfly-addons.css';
import './shell.css';
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import * as ReactI18next from 'react-i18next';
import * as ReactRedux from 'react-redux';
import * as ReactRouter from 'react-router';
import { App } from './App';
import { ActionServiceProvider } from './LazyActionMenu';
import { consoleStore } from './consoleStore';
import { fetchDevState } from './devState';
import { initI18n } from './i18n';
import { lightspeedExtensions } from './lightspeedStandIn';
import { loadPlugin, sharedModule } from './pluginLoader';
import * as sdk from './sdk';
import { addExtensions, setFlag } from './shellStore';
import { testExtensions } from './testExtensions';

const shareScope = {
  react: sharedModule('18.3.1', React),
  'react-i18next': sharedModule('16.5.8', ReactI18next),
  'react-router': sharedModule('7.13.1', ReactRouter),
  'react-redux': sharedModule('9.2.0', ReactRedux),
  // ActionServiceProvider lives with the Actions menu that uses it (LazyActionMenu.tsx imports ./sdk).
  '@openshift-console/dynamic-plugin-sdk': sharedModule('4.22.0', {
    ...sdk,
    ActionServiceProvider,
  }),
};

const boot = async () => {
  const root = createRoot(document.getElementById('root') as HTMLElement);
  try {
    const devState = await fetchDevState();
    await initI18n();
    if (devState.lightspeed) {
      // lightspeed-console's console.flag extension
      setFlag('LIGHTSPEED_PLUGIN', true);
      addExtensions(lightspeedExtensions);
    }
    addExtensions(
      await loadPlugin('/api/plugins/kubevirt-lightspeed-plugin/plugin-manifest.json', shareScope),
    );
    addExtensions(testExtensions());
    (window as unknown as { __shellReady: boolean }).__shellReady = true;
    root.render(
      <ReactRedux.Provider store={consoleStore as never}>
        <App devState={devState} />
      </ReactRedux.Provider>,
    );
  } catch (e) {
    root.render(<pre data-test="shell-error">Local console failed to start: {String(e)}</pre>);
  }
};

void boot();
