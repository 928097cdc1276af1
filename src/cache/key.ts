/**
 * Cache keys for upstream answers, and the credential scope that keeps answers apart when they
 * could differ.
 *
 * A key is `<prefix>http:<provider>:<filled path>|<digest>`, where the digest covers the method,
 * the query (sorted, so parameter order does not split entries), the credential scope and the
 * caller scope. The path stays readable so that a write can invalidate every answer under a path
 * prefix (`invalidate('absorb', '/users/<id>/enrollments')`); everything else is hashed, so no
 * query value (an OData filter listing ids, say) and no credential is ever spelled out in a key.
 *
 * The credential scope is a digest of what the upstream sees: base URL plus the configured
 * identity (user name or client id; a digest of a token or key where that is the identity). Two
 * deployments, or two replicas configured with different credentials, sharing one Redis never
 * read each other's answers. A raw secret never enters a key, even hashed alone: it is always
 * mixed with the base URL and provider first.
 */
import { createHash } from 'node:crypto';
import type { AbsorbConfig, RuangkerjaConfig, SelfCommunityConfig } from '../config.js';
import type { ProviderName } from '../providers/errors.js';

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A short digest of several parts; JSON keeps `["a|b"]` and `["a","b"]` apart. */
export function digest(parts: readonly string[]): string {
  return sha256(JSON.stringify(parts)).slice(0, 32);
}

export interface CacheKeyParts {
  provider: ProviderName;
  method: string;
  /** The filled path below the base URL, e.g. `/users/4f…/enrollments`. */
  path: string;
  query: URLSearchParams;
  credentialScope: string;
  /** Set when the caller can change the answer (see resilience/deadline.ts). */
  callerScope?: string | undefined;
}

export function pathPrefixKey(prefix: string, provider: ProviderName, pathPrefix: string): string {
  return `${prefix}http:${provider}:${pathPrefix}`;
}

export function cacheKey(prefix: string, parts: CacheKeyParts): string {
  const query = new URLSearchParams(parts.query);
  query.sort();
  const hashed = digest([parts.method, query.toString(), parts.credentialScope, parts.callerScope ?? '']);
  return `${pathPrefixKey(prefix, parts.provider, parts.path)}|${hashed}`;
}

/** The identity each provider's upstream sees, as a digest. */
export function credentialScope(provider: 'ruangkerja', config: RuangkerjaConfig): string;
export function credentialScope(provider: 'absorb', config: AbsorbConfig): string;
export function credentialScope(provider: 'selfcommunity', config: SelfCommunityConfig): string;
export function credentialScope(provider: ProviderName, config: RuangkerjaConfig | AbsorbConfig | SelfCommunityConfig): string {
  return digest([provider, config.baseUrl, ...identityOf(config)]);
}

function identityOf(config: RuangkerjaConfig | AbsorbConfig | SelfCommunityConfig): string[] {
  if ('auth' in config) {
    // The user key changes what a path means, so it is part of the scope too.
    const identity = config.auth.kind === 'token' ? `token:${sha256(config.auth.accessToken)}` : `client:${config.auth.clientId}`;
    return [identity, config.userKey];
  }
  if ('apiKey' in config) return [`key:${sha256(config.apiKey)}`, `user:${config.username}`];
  return [`token:${sha256(config.token)}`];
}

/** The Redis key of a provider login's shared token: base URL and user name, hashed. */
export function tokenKey(prefix: string, provider: ProviderName, baseUrl: string, username: string): string {
  return `${prefix}token:${provider}:${digest([baseUrl, username])}`;
}
