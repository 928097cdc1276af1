/**
 * Absorb's refusals as user errors: a 400's `property: problem` validations land on the input
 * fields that carry those properties, its generic headline is dropped when it has specifics, a 404
 * names the mutation's candidate field, a 422 keeps Absorb's message on the field it points at.
 */
import { ProviderError } from '../../src/providers/errors.js';
import { userErrorsFromRefusal, type RefusalFields } from '../../src/mutations/user-errors.js';

const FIELDS: RefusalFields = {
  notFound: ['input', 'enrollmentId'],
  notFoundMessage: 'Absorb no longer has this enrollment',
  conflict: ['input', 'enrollmentId'],
  conflictBy: [[/\bstatus\b/i, ['input', 'status']]],
  properties: { score: ['input', 'score'], dateCompleted: ['input', 'dateCompleted'] },
};

function refusal(upstreamStatus: number, validations: string[]): ProviderError {
  return new ProviderError({
    code: upstreamStatus === 404 ? 'NOT_FOUND' : 'BAD_USER_INPUT',
    provider: 'absorb',
    method: 'POST',
    endpoint: '/users/:userId/enrollments',
    message: 'refused',
    upstreamStatus,
    validations,
  });
}

describe('userErrorsFromRefusal', () => {
  it("puts each of a 400's validations on the field carrying its property (case-insensitive)", () => {
    const errors = userErrorsFromRefusal(refusal(400, ['Score: must be a number', 'dateCompleted: must be an ISO-8601 date-time', 'jobTitle: too long', 'One or more validation errors occurred.']), FIELDS);
    expect(errors).toEqual([
      { field: ['input', 'score'], message: 'Score: must be a number', code: 'INVALID_VALUE' },
      { field: ['input', 'dateCompleted'], message: 'dateCompleted: must be an ISO-8601 date-time', code: 'INVALID_VALUE' },
      { field: null, message: 'jobTitle: too long', code: 'INVALID_VALUE' },
    ]);
  });

  it('keeps a 400 with nothing but its headline', () => {
    expect(userErrorsFromRefusal(refusal(400, ['One or more validation errors occurred.']), FIELDS)).toEqual([
      { field: null, message: 'One or more validation errors occurred.', code: 'INVALID_VALUE' },
    ]);
    expect(userErrorsFromRefusal(refusal(400, []), FIELDS)).toEqual([{ field: null, message: 'Absorb refused the input', code: 'INVALID_VALUE' }]);
  });

  it('answers a 404 on the candidate field with its message', () => {
    expect(userErrorsFromRefusal(refusal(404, []), FIELDS)).toEqual([{ field: ['input', 'enrollmentId'], message: 'Absorb no longer has this enrollment', code: 'NOT_FOUND' }]);
  });

  it("answers a 422 as CONFLICT with Absorb's message, on the field its wording points at", () => {
    expect(userErrorsFromRefusal(refusal(422, ['Enrollment is locked.']), FIELDS)).toEqual([{ field: ['input', 'enrollmentId'], message: 'Enrollment is locked.', code: 'CONFLICT' }]);
    expect(userErrorsFromRefusal(refusal(422, ['This status cannot be set by hand.']), FIELDS)[0]!.field).toEqual(['input', 'status']);
  });
});
