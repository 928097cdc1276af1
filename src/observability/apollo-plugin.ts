/**
 * Times every GraphQL request by operation name and counts the errors it answered with, by code.
 * It is registered after the partial-failures plugin, so the errors it counts are those the client
 * receives. It also names the operation for the request log line.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { graphqlErrors, graphqlOperationDuration, operationLabel } from './metrics.js';
import type { RequestScope } from './request-scope.js';

/** The context carries the request's scope (context.ts), where the operation name goes. */
export function operationMetricsPlugin<TContext extends { requestScope?: RequestScope }>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse(requestContext) {
          const name = requestContext.operationName ?? requestContext.request.operationName ?? null;
          const label = operationLabel(name);
          const scope = requestContext.contextValue.requestScope;
          if (scope !== undefined) scope.operationName = label;
          const { body } = requestContext.response;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          for (const error of errors) {
            const code = error.extensions?.code;
            graphqlErrors.inc({ code: typeof code === 'string' && /^[A-Z_]{1,64}$/.test(code) ? code : 'OTHER' });
          }
          graphqlOperationDuration.observe({ operation: label, outcome: errors.length === 0 ? 'ok' : 'error' }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}
