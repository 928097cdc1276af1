/**
 * Looking one level into the query: a root field that knows its answer will be expanded can start
 * the upstream reads the expansion needs at once, beside its own lookup, instead of one round trip
 * later. Only reads the selection is sure to make are started, so no request is wasted.
 */
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** Whether the field being resolved selects any of `names` directly (fragments included). */
export function selectsAny(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, names: readonly string[]): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    set !== undefined &&
    set.selections.some((selection) => {
      if (selection.kind === Kind.FIELD) return names.includes(selection.name.value);
      if (selection.kind === Kind.INLINE_FRAGMENT) return visit(selection.selectionSet);
      return visit(info.fragments[selection.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

/** Starts a read whose answer a later field will ask the same loader for; its failure surfaces there. */
export function prefetch(read: () => Promise<unknown>): void {
  read().catch(() => undefined);
}
