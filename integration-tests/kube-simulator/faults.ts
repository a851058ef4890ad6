/** Injected failures for fault-tolerance tests: error statuses, hangs and connection resets. */

export interface FaultMatch {
  /** Substring of, or RegExp tested against, the request path plus query (`/api/v1/pods?limit=5`). */
  path?: RegExp | string;
  /** HTTP method, case-insensitive. */
  method?: string;
  /** Only requests by this user (from the token table). */
  user?: string;
  /** Fire this many times, then disappear. Default: until cleared. */
  times?: number;
}

export interface FaultSpec {
  match?: FaultMatch;
  /** Answer with this code and a matching Status body (429 TooManyRequests, 500 InternalError, …). */
  status?: number;
  /** Status message override. */
  message?: string;
  /** Sent as the Retry-After header and details.retryAfterSeconds. */
  retryAfterSeconds?: number;
  /** Destroy the socket without any response. */
  resetConnection?: boolean;
  /** Wait this long first; without status or reset the request is then served normally (slow call). */
  hangMs?: number;
}

export interface FaultHandle {
  readonly id: number;
  /** How many requests this fault has hit so far. */
  readonly hits: number;
  remove(): void;
}

interface ActiveFault {
  id: number;
  spec: FaultSpec;
  hits: number;
  remaining: number;
}

export class FaultInjector {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): FaultHandle {
    const fault: ActiveFault = {
      id: this.nextId++,
      spec,
      hits: 0,
      remaining: spec.match?.times ?? Number.POSITIVE_INFINITY,
    };
    this.faults.push(fault);
    return {
      id: fault.id,
      get hits() {
        return fault.hits;
      },
      remove: () => {
        this.faults = this.faults.filter((f) => f !== fault);
      },
    };
  }

  clear(): void {
    this.faults = [];
  }

  /** The first fault matching this request, consuming one of its `times`. */
  take(method: string, pathAndQuery: string, user: string | undefined): FaultSpec | undefined {
    const fault = this.faults.find((f) => matches(f.spec.match, method, pathAndQuery, user));
    if (!fault) return undefined;
    fault.hits += 1;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
    return fault.spec;
  }
}

const matches = (
  match: FaultMatch | undefined,
  method: string,
  pathAndQuery: string,
  user: string | undefined,
): boolean => {
  if (!match) return true;
  if (match.method && match.method.toUpperCase() !== method.toUpperCase()) return false;
  if (match.user !== undefined && match.user !== user) return false;
  if (typeof match.path === 'string' && !pathAndQuery.includes(match.path)) return false;
  if (match.path instanceof RegExp) {
    match.path.lastIndex = 0;
    if (!match.path.test(pathAndQuery)) return false;
  }
  return true;
};
