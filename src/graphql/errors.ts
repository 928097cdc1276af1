/**
 * How failures become GraphQL errors. Every error a client sees carries `extensions.code`; those
 * caused by an upstream also carry `extensions.provider`. Nothing here copies a stack, a URL or an
 * upstream body into the answer.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { InvalidPageError } from '../domain/connection.js';
import { InvalidIdError } from '../domain/ids.js';
import { isProviderError, ProviderError, type ProviderName } from '../providers/errors.js';

export function badUserInput(message: string, argument?: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...(argument ? { argument } : {}) } });
}

/** The provider is not configured in this deployment (no base URL outside demo mode). */
export function notConfigured(provider: ProviderName): ProviderError {
  return new ProviderError({
    code: 'UPSTREAM_UNAVAILABLE',
    provider,
    endpoint: '(not configured)',
    message: `${provider} is not configured in this deployment`,
  });
}

/** Converts a known failure into a GraphQLError; anything else is left for Apollo to mask. */
export function toGraphQLError(error: unknown): unknown {
  if (error instanceof GraphQLError) return error;
  if (isProviderError(error)) return new GraphQLError(error.message, { extensions: error.toExtensions() });
  if (error instanceof InvalidIdError) return badUserInput(error.message);
  if (error instanceof InvalidPageError) return badUserInput(error.message, error.argument);
  return error;
}

/** The formatted form of a provider failure that did not null a field (see partial results). */
export function formatPartialFailure(error: ProviderError, path: readonly (string | number)[]): GraphQLFormattedError {
  return { message: error.message, path: [...path], extensions: { ...error.toExtensions() } };
}
