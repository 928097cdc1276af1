import type { Connection } from '../domain/connection.js';
import type { BatchParticipantConnectionResolvers, EnrollmentConnectionResolvers, EnrollmentEdgeResolvers, PageInfo } from '../generated/graphql.js';

function pageInfo<T>(connection: Connection<T>): PageInfo {
  return {
    hasNextPage: connection.hasNextPage,
    hasPreviousPage: connection.hasPreviousPage,
    startCursor: connection.edges[0]?.cursor ?? null,
    endCursor: connection.edges.at(-1)?.cursor ?? null,
  };
}

export const EnrollmentConnection: EnrollmentConnectionResolvers = {
  totalCount: (connection) => connection.totalCount,
  pageInfo: (connection) => pageInfo(connection),
  edges: (connection) => connection.edges,
  nodes: (connection) => connection.edges.map((edge) => edge.node),
};

export const EnrollmentEdge: EnrollmentEdgeResolvers = {
  cursor: (edge) => edge.cursor,
  node: (edge) => edge.node,
};

export const BatchParticipantConnection: BatchParticipantConnectionResolvers = {
  totalCount: (connection) => connection.totalCount,
  pageInfo: (connection) => pageInfo(connection),
  nodes: (connection) => connection.edges.map((edge) => edge.node),
};
