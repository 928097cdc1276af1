/**
 * Typed errors every provider client throws, so the GraphQL layer can turn any upstream failure
 * into a field error whose `extensions` carry the contract's `code` and `provider` (see
 * /work/shared/contract/README.md, "Partial failure").
 *
 * Safety rule: a ProviderError is logged and shown to API clients, so its message and fields are
 * built only from the provider name, the HTTP method, the endpoint TEMPLATE (`/users/:userId`,
 * never a filled-in URL, which could carry ids or query-string credentials), status codes, counts
 * and text that went through `scrubSecrets`. No underlying transport error is attached as `cause`:
 * such errors can hold the request options, headers included.
 */

export type ProviderName = 'ruangkerja' | 'absorb' | 'selfcommunity';

export const PROVIDER_ERROR_CODES = [
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_TIMEOUT',
  'UPSTREAM_AUTH',
  'UPSTREAM_BAD_RESPONSE',
  'NOT_FOUND',
  'BAD_USER_INPUT',
] as const;

export type ProviderErrorCode = (typeof PROVIDER_ERROR_CODES)[number];

/** A type alias, not an interface, so it is assignable to GraphQL's `{[key: string]: unknown}` extensions. */
export type ProviderErrorExtensions = {
  code: ProviderErrorCode;
  provider: ProviderName;
  upstreamStatus?: number;
};

export interface ProviderErrorInit {
  code: ProviderErrorCode;
  provider: ProviderName;
  /** Path template, e.g. `/users/:userId/enrollments`. */
  endpoint: string;
  /** HTTP method; defaults to GET (paging readers raise errors about GET lists). */
  method?: string;
  /** Human, safe message. Use `describeCall` for its first words. */
  message: string;
  upstreamStatus?: number;
  /** Validation messages the upstream gave for a rejected request (already scrubbed). */
  validations?: readonly string[];
}

export class ProviderError extends Error {
  override readonly name = 'ProviderError';
  readonly code: ProviderErrorCode;
  readonly provider: ProviderName;
  readonly endpoint: string;
  readonly method: string;
  readonly upstreamStatus?: number;
  readonly validations?: readonly string[];

  constructor(init: ProviderErrorInit) {
    super(init.message);
    this.code = init.code;
    this.provider = init.provider;
    this.endpoint = init.endpoint;
    this.method = init.method ?? 'GET';
    if (init.upstreamStatus !== undefined) this.upstreamStatus = init.upstreamStatus;
    if (init.validations !== undefined) this.validations = [...init.validations];
  }

  /** What the GraphQL layer puts in a field error's `extensions`. */
  toExtensions(): ProviderErrorExtensions {
    const extensions: ProviderErrorExtensions = { code: this.code, provider: this.provider };
    if (this.upstreamStatus !== undefined) extensions.upstreamStatus = this.upstreamStatus;
    return extensions;
  }

  /** Loggers (pino's err serializer, JSON.stringify) see exactly these safe fields. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      code: this.code,
      provider: this.provider,
      method: this.method,
      endpoint: this.endpoint,
      ...(this.upstreamStatus === undefined ? {} : { upstreamStatus: this.upstreamStatus }),
      ...(this.validations === undefined ? {} : { validations: this.validations }),
    };
  }
}

export function isProviderError(error: unknown): error is ProviderError {
  return error instanceof ProviderError;
}

/** `absorb GET /users/:userId`: the start of every message about one upstream call. */
export function describeCall(provider: ProviderName, method: string, endpoint: string): string {
  return `${provider} ${method} ${endpoint}`;
}

/**
 * Runs a normalizer over validated items. Schemas validate everything normalizers read, so a throw
 * here is a gap between the two: the provider's bad answer (UPSTREAM_BAD_RESPONSE), not an internal
 * error. The thrown text may quote upstream data, so only the call and the error's kind are named;
 * a ProviderError a normalizer raises on purpose passes through.
 */
export function normalizeAnswer<I, O>(call: { provider: ProviderName; method: string; endpoint: string }, items: readonly I[], normalize: (item: I) => O): O[] {
  try {
    return items.map(normalize);
  } catch (error) {
    if (isProviderError(error)) throw error;
    throw new ProviderError({
      code: 'UPSTREAM_BAD_RESPONSE',
      provider: call.provider,
      endpoint: call.endpoint,
      method: call.method,
      message: `${describeCall(call.provider, call.method, call.endpoint)} answered a value that cannot be converted (${error instanceof Error ? error.name : 'error'})`,
    });
  }
}
