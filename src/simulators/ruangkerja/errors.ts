/**
 * Ruangkerja's error envelope `{errorCode, message, detail}`: its gateway passes gRPC errors
 * through, so messages read `rpc error: code = <Code> desc = <text>`.
 */

export interface RuangkerjaErrorBody {
  errorCode: number;
  message: string;
  detail: string;
}

/** gRPC status numbers, used as `errorCode` where the documents give none. */
const GRPC_CODES = {
  InvalidArgument: 3,
  NotFound: 5,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  Internal: 13,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;

export type GrpcCode = keyof typeof GRPC_CODES;

export function rkError(code: GrpcCode, description: string, errorCode: number = GRPC_CODES[code]): RuangkerjaErrorBody {
  const message = `rpc error: code = ${code} desc = ${description}`;
  return { errorCode, message, detail: message };
}

/**
 * The invalid-token answer, byte for byte as the documents show it. Its errorCode (16, gRPC
 * Unauthenticated) does not match its text (PermissionDenied); both are kept as observed.
 */
export const TOKEN_NOT_VALID: RuangkerjaErrorBody = rkError('PermissionDenied', 'Token is not valid', 16);

/** The body of an injected fault with this HTTP status. */
export function faultBody(status: number, message: string): RuangkerjaErrorBody {
  if (status === 429) return rkError('ResourceExhausted', message);
  if (status === 500) return rkError('Internal', message);
  if (status === 401) return TOKEN_NOT_VALID;
  if (status === 404) return rkError('NotFound', message);
  if (status >= 400 && status < 500) return rkError('InvalidArgument', message);
  return rkError('Unavailable', message);
}
