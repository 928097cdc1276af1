/**
 * Reading the changed objects back after a write, for the payload. The write is done (and
 * remembered under its idempotency key) whatever happens here, so a failing read costs only its
 * own field: null, with the provider's error at that field's path, and the rest of the payload
 * stands. A retry with the same key reads again without writing.
 */
import { Kind, type GraphQLResolveInfo } from 'graphql';
import type { Context } from '../context.js';
import { isProviderError } from '../providers/errors.js';

/** The key a payload field answers under: its alias when the client gave one. */
function responseKey(info: GraphQLResolveInfo, field: string): string {
  for (const node of info.fieldNodes) {
    for (const selection of node.selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD && selection.name.value === field) return selection.alias?.value ?? field;
    }
  }
  return field;
}

export async function readBack<T>(context: Context, info: GraphQLResolveInfo, field: string, read: () => Promise<T | null | undefined>): Promise<T | null> {
  try {
    return (await read()) ?? null;
  } catch (error) {
    if (!isProviderError(error)) throw error;
    context.partialFailures.report(error, { path: { prev: info.path, key: responseKey(info, field), typename: undefined } });
    return null;
  }
}
