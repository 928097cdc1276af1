/**
 * The steps every mutation shares once its input is valid: the idempotency key, and the write with
 * Absorb's refusals turned into user errors (reading the changed objects back: read-back.ts).
 */
import type { Context } from '../context.js';
import type { UserError } from '../generated/graphql.js';
import { fingerprintOf, idempotencyKeyOf, runIdempotent } from './idempotency.js';
import { idempotencyStoreOf } from './registry.js';
import { isRefusal, userError, userErrorsFromRefusal, type RefusalFields } from './user-errors.js';

/** What a mutation remembers of a run: its user errors, and (on success) the ids of what changed. */
export interface RunResult {
  userErrors: UserError[];
}

export interface MutationRun<R extends RunResult> {
  context: Context;
  /** The mutation's field name: part of the idempotency key. */
  mutation: string;
  /** The client's key, validated; null runs without idempotency. */
  idempotencyKey: string | null;
  /** The validated, normalized input: a retry must send the same. */
  input: unknown;
  /** Everything that may write. Runs at most once per key; an error releases the key. */
  execute: () => Promise<R>;
  /** The result that carries only user errors (reused or busy keys). */
  failed: (errors: UserError[]) => R;
}

export async function runMutation<R extends RunResult>(run: MutationRun<R>): Promise<R> {
  if (run.idempotencyKey === null) return run.execute();
  const key = idempotencyKeyOf(run.context.caller.subject, run.mutation, run.idempotencyKey);
  const outcome = await runIdempotent(idempotencyStoreOf(run.context.app), key, fingerprintOf(run.input), run.execute);
  switch (outcome.kind) {
    case 'ran':
      return outcome.payload;
    case 'replayed':
      run.context.logger.info({ mutation: run.mutation }, 'mutation replayed from its idempotency key; nothing written');
      return outcome.payload;
    case 'reused':
      return run.failed([userError(['idempotencyKey'], `This idempotency key was already used for ${run.mutation} with a different input`, 'IDEMPOTENCY_KEY_REUSED')]);
    case 'busy':
      return run.failed([userError(['idempotencyKey'], 'Another request with this idempotency key is still running; retry later for its result', 'IDEMPOTENCY_KEY_IN_USE')]);
  }
}

export type Written<T> = { ok: true; value: T } | { ok: false; userErrors: UserError[] };

/** One Absorb write: its answer, or Absorb's refusal as user errors. Outages stay errors. */
export async function absorbWrite<T>(send: () => Promise<T>, fields: RefusalFields): Promise<Written<T>> {
  try {
    return { ok: true, value: await send() };
  } catch (error) {
    if (isRefusal(error)) return { ok: false, userErrors: userErrorsFromRefusal(error, fields) };
    throw error;
  }
}
