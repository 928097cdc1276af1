/** Small helpers shared by resolvers: argument conversion and reporting partial failures. */
import type { GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import type { CourseKind } from '../domain/model.js';
import { fromProviderEnum, type ProviderEnum } from '../domain/provider.js';
import type { EnrollmentStatus } from '../domain/status.js';
import type { EnrollmentFilters } from '../loaders/enrollments.js';
import type { Resolved } from '../loaders/people.js';

/** Hands back the value and reports the providers that failed on the way to it. */
export function withFailures<T>(context: Context, info: GraphQLResolveInfo, resolved: Resolved<T>): T {
  for (const failure of resolved.failures) context.partialFailures.report(failure, info);
  return resolved.value;
}

export interface FilterArgs {
  provider?: readonly ProviderEnum[] | null;
  status?: readonly EnrollmentStatus[] | null;
  kind?: readonly CourseKind[] | null;
  includeHistory?: boolean | null;
}

export function filtersFrom(args: FilterArgs): EnrollmentFilters {
  return {
    providers: args.provider?.map(fromProviderEnum) ?? null,
    statuses: args.status ?? null,
    kinds: args.kind ?? null,
    includeHistory: args.includeHistory ?? false,
  };
}
