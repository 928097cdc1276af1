/**
 * Partial results. A field that merges several providers (a user's enrollments, identities,
 * summary) still answers with what the healthy providers gave; each failing provider is reported
 * here and added to the response's `errors`, with the field's path, `code` and `provider`.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError, GraphQLResolveInfo } from 'graphql';
import { responsePathAsArray } from 'graphql';
import type { ProviderError } from '../providers/errors.js';
import { formatPartialFailure } from './errors.js';

export class PartialFailures {
  private readonly errors = new Map<string, GraphQLFormattedError>();

  report(error: ProviderError, info: Pick<GraphQLResolveInfo, 'path'>): void {
    const formatted = formatPartialFailure(error, responsePathAsArray(info.path));
    // The same failure seen twice at the same place (e.g. summary and enrollments share a load) is one error.
    this.errors.set(JSON.stringify([formatted.path, formatted.message, formatted.extensions]), formatted);
  }

  get all(): GraphQLFormattedError[] {
    return [...this.errors.values()];
  }
}

export function partialFailuresPlugin<TContext extends { partialFailures: PartialFailures }>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, contextValue }) {
          const extra = contextValue.partialFailures.all;
          if (extra.length === 0 || response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.errors = [...(result.errors ?? []), ...extra];
        },
      };
    },
  };
}
