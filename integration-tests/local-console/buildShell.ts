/** Bundles the console shell (React, PatternFly CSS, the SDK stand-in) with esbuild. */
import { build } from 'esbuild';
import path from 'node:path';

export const SHELL_OUT_DIR = path.resolve(__dirname, '.build');

export const buildShell = async (outdir = SHELL_OUT_DIR) => {
  await build({
    entryPoints: [path.join(__dirname, 'shell', 'index.tsx')],
    outdir,
    bundle: true,
    format: 'esm',
    target: 'es2021',
    jsx: 'automatic',
    minify: process.env.NODE_ENV === 'production',
    sourcemap: true,
    publicPath: '/shell/',
    entryNames: 'shell',
    assetNames: 'assets/[name]-[hash]',
    loader: {
      '.woff': 'file',
      '.woff2': 'file',
      '.ttf': 'file',
      '.svg': 'file',
      '.png': 'file',
      '.jpg': 'file',
    },
    define: { 'process.env.NODE_ENV': JSON.stringify(process.env.NODE_ENV ?? 'development') },
    logLevel: 'warning',
  });
  return outdir;
};
