import type { Resolvers } from '../generated/graphql.js';
import { Query } from './query.js';

/** Every resolver map, one file per GraphQL type. */
export const resolvers: Resolvers = {
  Query,
};
