/**
 * Looking one level into the query: a root field that knows its answer will be expanded can start
 * the upstream reads the expansion needs at once, beside its own lookup, instead of one round trip
 * later. Only reads the selection is sure to make are started, so no request is wasted.
 */
import { getArgumentValues } from 'graphql/execution/values.js';
import { Kind, getNamedType, isObjectType, type FieldNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/** The fields named `name` selected directly in these selection sets (through fragments too). */
function fieldsNamed(info: Pick<GraphQLResolveInfo, 'fragments'>, sets: readonly (SelectionSetNode | undefined)[], name: string): FieldNode[] {
  const found: FieldNode[] = [];
  const visit = (set: SelectionSetNode | undefined): void => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === name) found.push(selection);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) visit(selection.selectionSet);
      else visit(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  sets.forEach(visit);
  return found;
}

/** Whether the field being resolved selects any of `names` directly (fragments included). */
export function selectsAny(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, names: readonly string[]): boolean {
  const sets = info.fieldNodes.map((node) => node.selectionSet);
  return names.some((name) => fieldsNamed(info, sets, name).length > 0);
}

/**
 * The arguments of each `field` the field being resolved selects whose selection goes on along
 * `path` (e.g. `enrollments` → `nodes` → `user`): what a root field needs to start, beside its own
 * lookup, the reads that the nested field will make for exactly the items it will show.
 */
export function childFieldArguments(info: GraphQLResolveInfo, field: string, path: readonly string[]): Record<string, unknown>[] {
  const parentType = getNamedType(info.returnType);
  const definition = isObjectType(parentType) ? parentType.getFields()[field] : undefined;
  if (definition === undefined) return [];
  return fieldsNamed(
    info,
    info.fieldNodes.map((node) => node.selectionSet),
    field,
  )
    .filter((node) => path.reduce<FieldNode[]>((level, name) => fieldsNamed(info, level.map((n) => n.selectionSet), name), [node]).length > 0)
    .flatMap((node) => {
      try {
        return [getArgumentValues(definition, node, info.variableValues)];
      } catch {
        // Arguments execution will refuse with its own error; nothing to read ahead for them.
        return [];
      }
    });
}

/** Starts a read whose answer a later field will ask the same loader for; its failure surfaces there. */
export function prefetch(read: () => Promise<unknown>): void {
  read().catch(() => undefined);
}
