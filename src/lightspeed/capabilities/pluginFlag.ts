/** Set by lightspeed-console's `console.flag` extension (PatternFly 6 builds). */
export const LIGHTSPEED_PLUGIN_FLAG = 'LIGHTSPEED_PLUGIN';
