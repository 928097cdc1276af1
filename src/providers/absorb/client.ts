/**
 * The Absorb LMS client (Integration API v2): AbsorbApi over one transport (transport.ts: headers,
 * single-flight login, rate limiter, paging) with the reads of reads.ts and the writes of
 * writes.ts. Both share one transport, so they share its token and its rate limit: a second
 * transport would log in on its own and invalidate this one's token. `forRequest(scope)` gives
 * both for one GraphQL request over views of that same transport, so they share them too.
 */
import type { AbsorbConfig, UpstreamHttpConfig } from '../../config.js';
import type { AbsorbProvider } from '../api.js';
import type { ProviderClientHooks } from '../http/index.js';
import { createAbsorbReads, type AbsorbReads } from './reads.js';
import { createAbsorbTransport, type AbsorbTransport } from './transport.js';
import { createAbsorbWrites, type AbsorbWrites } from './writes.js';

export interface AbsorbClientOptions extends ProviderClientHooks {
  /** Client-side token bucket; default 180 requests/s with a burst of 60, under the documented 200/100 (see ABSORB_RATE_LIMIT). */
  rateLimit?: { ratePerSecond: number; burst: number };
  /** Longest URL (base included) a batched lookup may send; default 8000 characters. */
  maxUrlLength?: number;
  /** Most pages one list read may take; default 100 (100,000 items). */
  maxPages?: number;
  /** Most `userIds` per `GET /bulk/studentcourses`; default 100. */
  bulkChunk?: number;
  /** Pages or chunks fetched at once; default 8. */
  concurrency?: number;
}

export type AbsorbClient = AbsorbProvider & {
  /** Logins performed so far (metrics and tests: a burst of requests must cost one). */
  readonly loginCount: number;
  /** Releases keep-alive sockets; later calls fail with UPSTREAM_UNAVAILABLE. */
  close(): void;
};

export function createAbsorbClient(config: AbsorbConfig, http: UpstreamHttpConfig, options: AbsorbClientOptions = {}): AbsorbClient {
  const transport = createAbsorbTransport(config, http, {
    ...(options.onRequest === undefined ? {} : { onRequest: options.onRequest }),
    ...(options.onResponse === undefined ? {} : { onResponse: options.onResponse }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.resilience === undefined ? {} : { resilience: options.resilience }),
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...(options.maxPages === undefined ? {} : { maxPages: options.maxPages }),
    ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
  });
  const reads = createAbsorbReads(transport, {
    userMatchField: config.userMatchField,
    ...(options.maxUrlLength === undefined ? {} : { maxUrlLength: options.maxUrlLength }),
    ...(options.bulkChunk === undefined ? {} : { bulkChunk: options.bulkChunk }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  const cache = options.resilience?.cache;
  const writes = createAbsorbWrites(transport, cache === undefined ? {} : { invalidator: cache });
  return assemble(transport, reads, writes);
}

/** One client of reads and writes over one transport; `forRequest` binds both to a request. */
function assemble(transport: AbsorbTransport, reads: AbsorbReads, writes: AbsorbWrites): AbsorbClient {
  return {
    ...reads,
    ...writes,
    get loginCount() {
      return transport.loginCount;
    },
    forRequest: (scope) => assemble(transport, reads.forRequest(scope), writes.forRequest(scope)),
    close: () => transport.close(),
  };
}
