import { describe, expect, it } from '@jest/globals';
import {
  batchItemSchema,
  courseItemSchema,
  isTokenNotValid,
  loginSchema,
  onlineItemSchema,
  onlineListSchema,
  rosterItemSchema,
  webinarItemSchema,
} from '../../../src/providers/ruangkerja/schemas.js';

const online = { course: { serial: 'C1', name: 'Course' }, postTest: 100, preTest: null, timeSpent: 873, completedAt: '2022-07-22', status: 'completed' };
const participation = {
  absentReason: '',
  assignedCourseSerial: 'ASGC-1',
  feedback: '',
  isAttend: true,
  userAssignedStatus: 'Cleared',
  postActivityStatus: '',
  postTestAttempt: 0,
  postTestScore: 0,
  postTestPassingScore: null,
};

describe('Ruangkerja list envelope', () => {
  it('accepts data as a bare array (the online-course document)', () => {
    expect(onlineListSchema.parse({ status: 'success', message: 'Success', data: [online] })).toEqual({ data: { shape: 'array', items: [online] } });
  });

  it('accepts data as {currentPage,totalItems,totalPage,items} (the batch document)', () => {
    const data = { currentPage: 1, totalItems: 1, totalPage: 1, items: [online] };
    expect(onlineListSchema.parse({ status: 'success', data })).toEqual({ data: { shape: 'paged', ...data } });
  });

  it('reads a null list (a Go backend’s empty slice) as empty', () => {
    expect(onlineListSchema.parse({ data: null })).toEqual({ data: { shape: 'array', items: [] } });
    expect(onlineListSchema.parse({ data: { currentPage: 1, totalItems: 0, totalPage: 0, items: null } })).toEqual({
      data: { shape: 'paged', currentPage: 1, totalItems: 0, totalPage: 0, items: [] },
    });
  });

  it('ignores fields it does not use, on the envelope and on items', () => {
    const parsed = onlineListSchema.parse({ status: 'success', traceId: 'x', data: [{ ...online, badge: 'gold', course: { ...online.course, thumbnail: 'a.png' } }] });
    expect(parsed.data).toEqual({ shape: 'array', items: [online] });
  });

  it('names the item and field of a mismatch, in either shape', () => {
    const bad = { ...online, status: 'archived' };
    for (const data of [[online, bad], { currentPage: 1, totalItems: 2, totalPage: 1, items: [online, bad] }]) {
      const result = onlineListSchema.safeParse({ data });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['data', 'items', 1, 'status']);
    }
  });

  it('rejects a paged object without its totals, and data of another type', () => {
    expect(onlineListSchema.safeParse({ data: { items: [online] } }).success).toBe(false);
    expect(onlineListSchema.safeParse({ data: 'none' }).success).toBe(false);
  });

  it('rejects an error envelope answered as a success (no data)', () => {
    expect(onlineListSchema.safeParse({ errorCode: 13, message: 'rpc error: code = Internal desc = boom' }).success).toBe(false);
  });
});

describe('Ruangkerja item schemas', () => {
  it.each(['not_started', 'completed', 'expired', 'failed', 'in_progress'])('accepts online status %s', (status) => {
    expect(onlineItemSchema.safeParse({ ...online, status }).success).toBe(true);
  });

  it.each(['archived', 'Completed', '', 'constructor', 'toString'])('rejects online status %j (not in the status mapping)', (status) => {
    expect(onlineItemSchema.safeParse({ ...online, status }).success).toBe(false);
  });

  it.each(['Ongoing', 'Cleared', 'Failed'])('accepts userAssignedStatus %s', (userAssignedStatus) => {
    expect(rosterItemSchema.safeParse({ user: { serial: 'S', name: 'N', employeeID: 'E' }, ...participation, userAssignedStatus }).success).toBe(true);
  });

  it.each(['Cancelled', 'ongoing', ''])('rejects userAssignedStatus %j', (userAssignedStatus) => {
    const item = { course: { serial: 'C', name: 'N' }, batch: { serial: 'B', name: 'N' }, ...participation, userAssignedStatus };
    expect(webinarItemSchema.safeParse(item).success).toBe(false);
  });

  it('accepts null pre- and post-tests and "" completedAt; rejects a completedAt that is not a date', () => {
    expect(onlineItemSchema.safeParse({ ...online, preTest: null, postTest: null, completedAt: '' }).success).toBe(true);
    expect(onlineItemSchema.safeParse({ ...online, completedAt: '22/07/2022' }).success).toBe(false);
    expect(onlineItemSchema.safeParse({ ...online, completedAt: null }).success).toBe(false);
  });

  it('rejects a wrong type in a field it uses', () => {
    expect(onlineItemSchema.safeParse({ ...online, timeSpent: '873' }).success).toBe(false);
    expect(rosterItemSchema.safeParse({ user: { serial: 'S', name: 'N', employeeID: 'E' }, ...participation, isAttend: 'true' }).success).toBe(false);
  });

  it.each(['Online', 'Webinar', 'Offline'])('accepts course category %s and rejects others', (category) => {
    expect(courseItemSchema.safeParse({ serial: 'C', name: 'N', category }).success).toBe(true);
    expect(courseItemSchema.safeParse({ serial: 'C', name: 'N', category: category.toLowerCase() }).success).toBe(false);
  });

  it('accepts batch instants as ISO-8601, "" or null, and rejects unreadable ones', () => {
    const batch = { serial: 'B', name: 'N', mainActivityStartAt: '2023-05-12T20:32:00Z', mainActivityEndAt: '', postActivityStartAt: null, postActivityEndAt: '2023-05-19', platform: '', location: null, note: '', status: 'Ongoing' };
    expect(batchItemSchema.safeParse(batch).success).toBe(true);
    expect(batchItemSchema.safeParse({ ...batch, mainActivityStartAt: 'tomorrow' }).success).toBe(false);
  });
});

describe('Ruangkerja login answer', () => {
  it('takes expiresIn as a string of seconds (as documented) or a number', () => {
    expect(loginSchema.parse({ data: { accessToken: 't', expiresIn: '43199', tokenType: 'Bearer' } }).data.expiresIn).toBe('43199');
    expect(loginSchema.parse({ data: { accessToken: 't', expiresIn: 43199 } }).data.expiresIn).toBe(43199);
    expect(loginSchema.safeParse({ data: { accessToken: 't', expiresIn: '12h' } }).success).toBe(false);
    expect(loginSchema.safeParse({ data: { accessToken: '', expiresIn: '1' } }).success).toBe(false);
  });
});

describe('isTokenNotValid', () => {
  const envelope = {
    errorCode: 123,
    message: 'rpc error: code = PermissionDenied desc = Token is not valid',
    detail: 'rpc error: code = PermissionDenied desc = Token is not valid',
  };

  it('recognises the documented envelope whatever the HTTP status', () => {
    expect(isTokenNotValid(200, envelope)).toBe(true);
    expect(isTokenNotValid(401, envelope)).toBe(true);
    expect(isTokenNotValid(500, { ...envelope, errorCode: '7' })).toBe(true);
    expect(isTokenNotValid(200, { errorCode: 16, message: 'rpc error: code = Unauthenticated desc = token expired' })).toBe(true);
  });

  it('does not take other answers for a token failure', () => {
    expect(isTokenNotValid(200, { status: 'success', message: 'Token is not valid', data: [] })).toBe(false);
    expect(isTokenNotValid(404, { errorCode: 5, message: 'rpc error: code = NotFound desc = course not found' })).toBe(false);
    expect(isTokenNotValid(200, 'Token is not valid')).toBe(false);
    expect(isTokenNotValid(200, undefined)).toBe(false);
  });
});
