/**
 * The federated stack for tests: the simulators and our server (test/helpers/stack.ts), the
 * example HR subgraph, and an @apollo/gateway in-process on the committed supergraph.graphql. The
 * supergraph names the docker-compose service URLs; `buildService` points each subgraph at its
 * port here instead, so the test runs the very file the router is given.
 */
import { ApolloServer } from '@apollo/server';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SUBGRAPHS } from '../../scripts/drift.js';
import { startStack, type Stack } from '../helpers/stack.js';
import { startHrSubgraph, type RunningHrSubgraph } from '../fixtures/hr-subgraph/server.js';

/** What the gateway forwards to the subgraphs: the caller's credential, as deploy/router/router.yaml does. */
export interface GatewayContext {
  authorization?: string;
}

export interface GatewayResponse<T> {
  data?: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface Federation {
  stack: Stack;
  hr: RunningHrSubgraph;
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, context?: GatewayContext): Promise<GatewayResponse<T>>;
  /** Operations the gateway sent to each subgraph since the last reset, by subgraph name. */
  fetches(): Record<string, number>;
  resetFetches(): void;
  close(): Promise<void>;
}

export async function startFederation(env: Record<string, string> = {}): Promise<Federation> {
  const stack = await startStack({ env });
  const hr = await startHrSubgraph({ employees: stack.simulators.dataset.people.length });
  const urls: Record<string, string> = { [SUBGRAPHS.learning.name]: stack.server.url, [SUBGRAPHS.hr.name]: hr.url };
  let fetches: Record<string, number> = {};
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(join(ROOT, 'supergraph.graphql'), 'utf8'),
    buildService: ({ name }) => {
      const url = urls[name];
      if (url === undefined) throw new Error(`supergraph.graphql names a subgraph "${name}" the test does not run`);
      return new RemoteGraphQLDataSource<GatewayContext>({
        url,
        willSendRequest: ({ request, context }) => {
          fetches[name] = (fetches[name] ?? 0) + 1;
          if (context.authorization !== undefined) request.http?.headers.set('authorization', context.authorization);
        },
      });
    },
  });
  const server = new ApolloServer<GatewayContext>({ gateway });
  await server.start();
  return {
    stack,
    hr,
    query: async <T,>(query: string, variables: Record<string, unknown> = {}, context: GatewayContext = {}) => {
      const response = await server.executeOperation<T>({ query, variables }, { contextValue: context });
      if (response.body.kind !== 'single') throw new Error('the gateway answered incrementally');
      const { data, errors } = response.body.singleResult;
      return { data, errors: errors?.map((e) => ({ message: e.message, path: e.path ? [...e.path] : undefined, extensions: e.extensions })) };
    },
    fetches: () => ({ ...fetches }),
    resetFetches: () => {
      fetches = {};
    },
    close: async () => {
      await server.stop();
      await hr.stop();
      await stack.close();
    },
  };
}
