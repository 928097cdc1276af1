/**
 * Limits that refuse a request before any resolver runs, so a hostile query costs parsing and
 * validation only, never an upstream request:
 * - body size and malformed JSON: express.json with a limit, answered as a GraphQL-shaped error;
 * - batched operations (a JSON array body): refused, one operation per request;
 * - tokens: graphql's parser (`maxTokens`), reported as a parse failure;
 * - depth, aliases, directives, field suggestions: graphql-armor (ApolloArmor);
 * - cost: graphql-query-complexity, weighting a list field by its `first` (or by the number of
 *   `employeeIDs`), checked once the operation and its variables are known.
 * Every limit and its default is in docs/operations.md "Query limits".
 */
import { LRUCache } from 'lru-cache';
import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express, { type ErrorRequestHandler, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { GraphQLError, getNamedType, getNullableType, getVariableValues, isListType, type GraphQLSchema, type ValidationRule } from 'graphql';
import { getComplexity, simpleEstimator, type ComplexityEstimator, type ComplexityEstimatorArgs } from 'graphql-query-complexity';
import type { LimitsConfig } from '../config.js';

export type LimitReason = 'body_too_large' | 'malformed_body' | 'batched' | 'depth' | 'cost' | 'aliases' | 'tokens' | 'directives';

export interface LimitOptions {
  limits: LimitsConfig;
  /** Hide "Did you mean …" suggestions (they reveal the schema when introspection is off). */
  blockFieldSuggestions: boolean;
  onRejected?: (reason: LimitReason) => void;
}

/** A list without `first` is assumed to hold this many items (sessions, lessons, attempts, …). */
export const ASSUMED_LIST_SIZE = 10;
/** `first` when a connection is asked without it: the schema's default. */
const DEFAULT_FIRST = 50;

/** A GraphQL-shaped error answer for a request refused before it reaches Apollo. */
export function errorBody(message: string, code: string): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message, extensions: { code } }] };
}

/** express.json with the configured limit, plus its failures turned into clear JSON errors. */
export function jsonBody(options: Pick<LimitOptions, 'limits' | 'onRejected'>): [RequestHandler, ErrorRequestHandler] {
  const parse = express.json({ limit: options.limits.bodyBytes });
  const onError: ErrorRequestHandler = (error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = typeof error === 'object' && error !== null && 'type' in error ? (error as { type: unknown }).type : undefined;
    if (type === 'entity.too.large') {
      options.onRejected?.('body_too_large');
      res.status(413).json(errorBody(`Request body is larger than the limit of ${options.limits.bodyBytes} bytes`, 'PAYLOAD_TOO_LARGE'));
      return;
    }
    if (type === 'entity.parse.failed' || type === 'encoding.unsupported' || type === 'charset.unsupported' || type === 'request.aborted') {
      options.onRejected?.('malformed_body');
      res.status(400).json(errorBody('Request body is not valid JSON', 'BAD_REQUEST'));
      return;
    }
    next(error);
  };
  return [parse, onError];
}

/** One operation per request: a batch would multiply every other limit by its length. */
export function refuseBatches(options: Pick<LimitOptions, 'onRejected'>): RequestHandler {
  return (req, res, next) => {
    if (Array.isArray(req.body)) {
      options.onRejected?.('batched');
      res.status(400).json(errorBody('Batched operations are not accepted: send one operation per request', 'BATCHING_NOT_ALLOWED'));
      return;
    }
    next();
  };
}

/** graphql-armor's rules (cost is left to the plugin below, which knows `first`). */
export function armorProtection(options: LimitOptions): { plugins: ApolloServerPlugin[]; validationRules: ValidationRule[] } {
  const { limits } = options;
  const rejected = (reason: LimitReason) => [() => options.onRejected?.(reason)];
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth, flattenFragments: true, ignoreIntrospection: true, onReject: rejected('depth') },
    maxAliases: { n: limits.maxAliases, onReject: rejected('aliases') },
    // Tokens are limited by graphql's own parser instead (parseOptions below): armor's Apollo
    // variant re-parses in parsingDidStart, which turns a plain syntax error into a 500.
    maxTokens: { enabled: false },
    maxDirectives: { n: limits.maxDirectives, onReject: rejected('directives') },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: options.blockFieldSuggestions },
  });
  const { plugins, validationRules } = armor.protect();
  // graphql-armor ships CommonJS typings, which name @apollo/server's CommonJS types; at run time
  // both resolve to the same @apollo/server and graphql, so only the declared types differ.
  return { plugins: plugins as unknown as ApolloServerPlugin[], validationRules: [knownOperationTypesRule, ...validationRules] };
}

/**
 * An operation whose root type the schema lacks (this schema has Query and Mutation, no
 * Subscription) is a validation error, as in graphql 17's KnownOperationTypesRule, rather than an
 * execution-time INTERNAL_SERVER_ERROR. Mutations pass: the rule asks the schema, not a list.
 */
export const knownOperationTypesRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`This server does not support ${node.operation} operations`, { nodes: node }));
    }
  },
});

/** Apollo's `parseOptions`: graphql stops parsing past the limit ("Document contains more than N tokens"). */
export function parseOptions(limits: LimitsConfig): { maxTokens: number } {
  return { maxTokens: limits.maxTokens };
}

/** Counts the parser's token-limit refusals, which otherwise look like any syntax error. */
export function tokenLimitPlugin<TContext extends object>(options: Pick<LimitOptions, 'onRejected'>): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors }) {
          // graphql 16 words it "more that N tokens"; a later version may fix the typo.
          if (errors.some((error) => /Document contains more th(?:an|at) \d+ tokens/.test(error.message))) options.onRejected?.('tokens');
        },
      };
    },
  };
}

/**
 * Cost: every field costs 1; a list field costs its size times its selection, the size being
 * `first` (default 50), the number of `employeeIDs` or of `_entities` representations, or ASSUMED_LIST_SIZE. Lists inside a
 * connection (`nodes`, `edges`) are already counted by the connection's `first`. Introspection
 * types cost 1 per field (introspection is off in production; its own lists are small).
 */
export const listWeightEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }: ComplexityEstimatorArgs) => {
  if (type.name.startsWith('__')) return 1 + childComplexity;
  const nullable = getNullableType(field.type);
  const named = getNamedType(field.type);
  let size = 1;
  if (typeof args.first === 'number') size = args.first;
  else if (Array.isArray(args.employeeIDs)) size = args.employeeIDs.length;
  // A router's `_entities(representations:)` resolves one entity per representation.
  else if (Array.isArray(args.representations)) size = args.representations.length;
  else if (named.name.endsWith('Connection')) size = DEFAULT_FIRST;
  else if (isListType(nullable) && !type.name.endsWith('Connection')) size = ASSUMED_LIST_SIZE;
  return 1 + Math.max(0, size) * childComplexity;
};

export function queryCost(schema: GraphQLSchema, document: Parameters<typeof getComplexity>[0]['query'], variables: Record<string, unknown>, operationName?: string): number {
  return getComplexity({
    schema,
    query: document,
    variables,
    ...(operationName === undefined ? {} : { operationName }),
    estimators: [listWeightEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}

const MAX_MEMO_VARIABLES_LENGTH = 4_096;

export function costLimitPlugin<TContext extends object>(options: Pick<LimitOptions, 'limits' | 'onRejected'>): ApolloServerPlugin<TContext> {
  const { maxCost } = options.limits;
  const costMemo = new LRUCache<string, number>({ max: 1_000 });
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, request, operationName, operation, queryHash }) {
          // Dashboards send the same few operations over and over: their cost is computed once per
          // document, operation and variables (only small variable sets are remembered).
          const variablesText = JSON.stringify(request.variables ?? {});
          const memoKey = variablesText.length <= MAX_MEMO_VARIABLES_LENGTH ? `${queryHash}|${operationName ?? ''}|${variablesText}` : null;
          let cost = memoKey === null ? undefined : costMemo.get(memoKey);
          if (cost === undefined) {
            // Variables that do not fit the operation are refused by execution before any resolver
            // runs, with graphql's own message; counting cost with them would only fail confusingly.
            const coerced = getVariableValues(schema, operation?.variableDefinitions ?? [], request.variables ?? {}, { maxErrors: 1 });
            if (coerced.errors !== undefined) return;
            try {
              cost = queryCost(schema, document, request.variables ?? {}, operationName ?? undefined);
            } catch {
              // Too many nodes to count (graphql-query-complexity's own cap) is too costly by definition.
              cost = Number.POSITIVE_INFINITY;
            }
            if (memoKey !== null) costMemo.set(memoKey, cost);
          }
          if (cost <= maxCost) return;
          options.onRejected?.('cost');
          const shown = Number.isFinite(cost) ? String(cost) : 'too large to count';
          throw new GraphQLError(`Query cost ${shown} exceeds the limit of ${maxCost}: ask for fewer items (a smaller \`first\`) or fewer fields`, {
            extensions: { code: 'QUERY_TOO_COSTLY', cost: Number.isFinite(cost) ? cost : null, maxCost, http: { status: 400 } },
          });
        },
      };
    },
  };
}
