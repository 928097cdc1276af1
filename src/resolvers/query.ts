import type { QueryResolvers } from '../generated/graphql.js';

const PROVIDERS = ['ruangkerja', 'absorb', 'selfcommunity'] as const;

export const Query: QueryResolvers = {
  service: (_parent, _args, { app }) => ({
    name: app.name,
    version: app.version,
    demoMode: app.demoMode,
    providers: PROVIDERS.map((provider) => ({
      provider: provider.toUpperCase() as Uppercase<typeof provider>,
      configured: app.configuredProviders.has(provider),
    })),
  }),
};
