/**
 * Absorb's GenericErrorResponse. Every failure the simulator answers, including 401 and 429,
 * carries this body, because the document shows it as the error shape of every endpoint.
 */

export interface AbsorbErrorBody {
  validations: string[];
  code: number;
  message: string;
  term: string;
  _meta: Record<string, string>;
}

/** The `term` for each status: a stable machine word next to the human message. */
const TERMS: Readonly<Record<number, string>> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  404: 'NotFound',
  422: 'UnprocessableEntity',
  429: 'TooManyRequests',
  500: 'InternalServerError',
  503: 'ServiceUnavailable',
};

export function errorBody(status: number, message: string, validations: string[] = [], term?: string): AbsorbErrorBody {
  return { validations, code: status, message, term: term ?? TERMS[status] ?? 'Error', _meta: {} };
}

/** Thrown by handlers and validators; the route wrapper turns it into the answer. */
export class AbsorbError extends Error {
  override readonly name = 'AbsorbError';

  constructor(
    readonly status: number,
    message: string,
    readonly validations: string[] = [],
    readonly term?: string,
  ) {
    super(message);
  }

  get body(): AbsorbErrorBody {
    return errorBody(this.status, this.message, this.validations, this.term);
  }
}

/** 400 listing each offending field as `field: problem`. */
export function validationError(validations: string[], message = 'One or more validation errors occurred.'): AbsorbError {
  return new AbsorbError(400, message, validations, 'ValidationFailed');
}

export function notFound(what: string): AbsorbError {
  return new AbsorbError(404, `${what} was not found.`);
}

export function unprocessable(message: string): AbsorbError {
  return new AbsorbError(422, message);
}
