/**
 * Who may write. A caller with the `learning:write` scope (a JWT; API keys never write) may, for
 * employees within their read scope (checked per mutation, src/auth/scope.ts). The anonymous
 * caller exists only where authentication is not required; it may write in demo mode only, where
 * the upstreams are the embedded simulators: turning caller authentication off for reads against
 * real upstreams must not open them to anonymous writes.
 */
import type { GraphQLError } from 'graphql';
import { SCOPE_WRITE, type Caller } from '../auth/caller.js';
import { forbidden } from '../auth/scope.js';

export function mayWrite(caller: Caller, demoMode: boolean): boolean {
  return caller.canWrite || (caller.kind === 'anonymous' && demoMode);
}

/** FORBIDDEN, before any input is looked at or any upstream asked. */
export function assertMayWrite(context: { caller: Caller; app: { demoMode: boolean } }): void {
  if (mayWrite(context.caller, context.app.demoMode)) return;
  throw writeForbidden(context.caller);
}

function writeForbidden(caller: Caller): GraphQLError {
  if (caller.kind === 'anonymous') return forbidden(`Mutations need an authenticated caller with the ${SCOPE_WRITE} scope (anonymous writes are allowed in demo mode only)`);
  if (caller.kind === 'apiKey') return forbidden(`API keys cannot write: mutations need a bearer token with the ${SCOPE_WRITE} scope`);
  return forbidden(`Mutations need the ${SCOPE_WRITE} scope`);
}
