/**
 * Persisted operations.
 * - APQ (automatic persisted queries) is Apollo Server's built-in: a client may send only the
 *   SHA-256 of a query it sent before (in-memory cache, per process).
 * - With OPERATION_SAFELIST=true only the operations of src/graphql/safelist/ run, whether sent in
 *   full or through APQ. An operation is compared by the SHA-256 of its canonical print (the
 *   operation and the fragments it uses, as graphql's `print` writes them), so whitespace,
 *   comments and other operations in the same document do not matter; anything else is refused
 *   before execution with OPERATION_NOT_SAFELISTED.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { createHash } from 'node:crypto';
import { GraphQLError, parse, print, separateOperations, type DocumentNode } from 'graphql';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The canonical hash of each operation of a document, by operation name ('' for an anonymous one). */
export function operationHashes(document: DocumentNode): Map<string, string> {
  return new Map(Object.entries(separateOperations(document)).map(([name, single]) => [name, sha256(print(single))]));
}

/** The hashes of every operation in these documents; a document that does not parse stops the start. */
export function buildSafelist(documents: readonly string[]): ReadonlySet<string> {
  const hashes = new Set<string>();
  for (const source of documents) for (const hash of operationHashes(parse(source)).values()) hashes.add(hash);
  return hashes;
}

/** The hash of the operation a request runs, or undefined when the document names no such operation. */
export function selectedOperationHash(document: DocumentNode, operationName: string | null | undefined): string | undefined {
  const hashes = operationHashes(document);
  if (operationName !== null && operationName !== undefined) return hashes.get(operationName);
  return hashes.size === 1 ? [...hashes.values()][0] : undefined;
}

export function safelistPlugin<TContext extends object>(safelist: ReadonlySet<string>, onRejected?: () => void): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName }) {
          const hash = selectedOperationHash(document, operationName);
          if (hash !== undefined && safelist.has(hash)) return;
          onRejected?.();
          throw new GraphQLError('This server accepts only safelisted operations, and this one is not on the list', {
            extensions: { code: 'OPERATION_NOT_SAFELISTED', http: { status: 400 } },
          });
        },
      };
    },
  };
}
