#!/usr/bin/env node
// The installed bin: a stable file that exists before the build, so `npm ci` links it; it runs the
// esbuild bundle produced by `npm run build -w mcp-server`.
require('../dist/cnv-mcp-server.js');
