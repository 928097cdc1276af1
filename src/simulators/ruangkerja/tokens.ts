import { randomBytes } from 'node:crypto';

/**
 * Access tokens of the simulated Ruangkerja: issued by POST /oauth/token with a lifetime, plus
 * static "ready" tokens a deployment may be given instead of client credentials. Revocation
 * (controls.revokeTokens('ruangkerja')) invalidates both kinds, as a real revocation would.
 */
export class TokenStore {
  private readonly issued = new Map<string, number>();
  private readonly statics: Set<string>;

  constructor(
    staticTokens: readonly string[],
    private readonly now: () => number,
  ) {
    this.statics = new Set(staticTokens);
  }

  issue(lifetimeSeconds: number): string {
    const token = randomBytes(24).toString('base64url');
    this.issued.set(token, this.now() + lifetimeSeconds * 1000);
    return token;
  }

  /** The header value is compared as is: `Bearer <token>` is not a valid token. */
  isValid(header: string | undefined): boolean {
    if (header === undefined || header === '') return false;
    if (this.statics.has(header)) return true;
    const expiresAt = this.issued.get(header);
    if (expiresAt === undefined) return false;
    if (this.now() >= expiresAt) {
      this.issued.delete(header);
      return false;
    }
    return true;
  }

  revokeAll(): void {
    this.issued.clear();
    this.statics.clear();
  }
}
