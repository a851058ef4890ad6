/* eslint-env node */
import * as fs from 'fs';
import * as path from 'path';
import { ConsoleRemotePlugin } from '@openshift-console/dynamic-plugin-sdk-webpack';
import CopyWebpackPlugin from 'copy-webpack-plugin';
import type { Compiler, Configuration as WebpackConfiguration } from 'webpack';
import type { Configuration as WebpackDevServerConfiguration } from 'webpack-dev-server';

const isProd = process.env.NODE_ENV === 'production';

interface Configuration extends WebpackConfiguration {
  devServer?: WebpackDevServerConfiguration;
}

/**
 * Writes chunk and chunk-group stats to test-results/webpack-stats.json (production builds, or
 * STATS=1), so scripts/bundle-budget.mjs knows which chunks each exposed module loads.
 */
class ChunkStatsPlugin {
  apply(compiler: Compiler): void {
    compiler.hooks.done.tap('ChunkStatsPlugin', (stats) => {
      const file = path.resolve(__dirname, 'test-results', 'webpack-stats.json');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const json = stats.toJson({ all: false, hash: true, chunks: true, chunkGroups: true, ids: true });
      fs.writeFileSync(file, JSON.stringify(json));
    });
  }
}

const config: Configuration = {
  mode: isProd ? 'production' : 'development',
  // No regular entry points: ConsoleRemotePlugin adds the plugin entry and the exposed modules.
  entry: {},
  context: path.resolve(__dirname, 'src'),
  output: {
    path: path.resolve(__dirname, 'dist'),
    filename: isProd ? '[name]-bundle-[contenthash].min.js' : '[name]-bundle.js',
    chunkFilename: isProd ? '[name]-chunk-[chunkhash].min.js' : '[name]-chunk.js',
  },
  resolve: {
    extensions: ['.ts', '.tsx', '.js', '.jsx'],
  },
  module: {
    rules: [
      {
        test: /\.(jsx?|tsx?)$/,
        exclude: /node_modules/,
        use: [
          {
            loader: 'ts-loader',
            options: { configFile: path.resolve(__dirname, 'tsconfig.json'), onlyCompileBundledFiles: true },
          },
        ],
      },
      {
        test: /\.css$/,
        use: ['style-loader', 'css-loader'],
      },
      {
        test: /\.(png|jpg|jpeg|gif|svg|woff2?|ttf|eot|otf)(\?.*$|$)/,
        type: 'asset/resource',
        generator: { filename: isProd ? 'assets/[contenthash][ext]' : 'assets/[name].[ext]' },
      },
      {
        test: /\.(m?js)$/,
        resolve: { fullySpecified: false },
      },
    ],
  },
  devServer: {
    static: './dist',
    port: 9001,
    allowedHosts: 'all',
    headers: {
      'Access-Control-Allow-Origin': '*',
      'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, PATCH, OPTIONS',
      'Access-Control-Allow-Headers': 'X-Requested-With, Content-Type, Authorization',
    },
    devMiddleware: { writeToDisk: true },
  },
  plugins: [
    new ConsoleRemotePlugin(),
    new CopyWebpackPlugin({ patterns: [{ from: path.resolve(__dirname, 'locales'), to: 'locales' }] }),
    ...(isProd || process.env.STATS === '1' ? [new ChunkStatsPlugin()] : []),
  ],
  devtool: isProd ? false : 'source-map',
  optimization: {
    chunkIds: isProd ? 'deterministic' : 'named',
    minimize: isProd,
  },
  performance: { hints: false },
};

export default config;
