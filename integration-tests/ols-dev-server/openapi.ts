/**
 * `GET /openapi.json` as FastAPI serves it for openshift/lightspeed-service (1.1.3 `ols/app/main.py`:
 * default openapi_url, no auth dependency): 200, `application/json`, compact JSON of the version
 * profile's document (see olsVersions.ts). Dev faults let tests decide capabilities from a broken
 * probe: a body that is not JSON, a 404 like an app started with `openapi_url=None`, or no answer.
 */
import type http from 'node:http';
import type { OlsVersion } from './olsVersions';
import { openApiFor } from './olsVersions';

export const OPENAPI_FAULTS = ['none', 'garbage', 404, 'timeout'] as const;
export type OpenApiFault = (typeof OPENAPI_FAULTS)[number];

const serialized = new Map<OlsVersion, string>();

/** Answers the request, or leaves it hanging for 'timeout' (the client's timeout must fire). */
export const serveOpenApi = (
  res: http.ServerResponse,
  version: OlsVersion,
  fault: OpenApiFault,
): void => {
  switch (fault) {
    case 'timeout':
      return;
    case 404:
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ detail: 'Not Found' }));
      return;
    case 'garbage':
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('{"openapi": "3.1.0", "info": {"title": "Swagger OpenShift LightSpeed <truncated');
      return;
    default: {
      let body = serialized.get(version);
      if (!body) serialized.set(version, (body = JSON.stringify(openApiFor(version))));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(body);
    }
  }
};
