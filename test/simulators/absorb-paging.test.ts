import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectError, startAbsorb, validationsOf, type AbsorbTestServer } from './absorb-setup.js';

interface Page<K extends string, T = Record<string, unknown>> {
  totalItems: number;
  returnedItems: number;
  limit: number;
  offset: number;
  items: T[];
  key: K;
}

type UserRecord = { id: string; username: string; firstName: string; lastName: string; employeeNumber: string | null };
type EnrollmentRecord = { id: string; status: number; isActive: boolean; dateAdded: string; dateEdited: string; courseName: string };

let absorb: AbsorbTestServer;

beforeAll(async () => {
  absorb = await startAbsorb();
});
afterAll(() => absorb.close());

async function page<T>(path: string, key: string): Promise<Page<string, T>> {
  const answer = await absorb.get<Record<string, unknown>>(path);
  expect(answer.status).toBe(200);
  const body = answer.body;
  expect(Object.keys(body)).toEqual(['totalItems', 'returnedItems', 'limit', 'offset', key]);
  return {
    totalItems: body.totalItems as number,
    returnedItems: body.returnedItems as number,
    limit: body.limit as number,
    offset: body.offset as number,
    items: body[key] as T[],
    key,
  };
}

describe('Absorb paging', () => {
  it('answers 20 items of page 0 by default, with totals', async () => {
    const users = await page<UserRecord>('/users', 'users');
    expect(users).toMatchObject({ totalItems: absorb.dataset.absorb.users.length, returnedItems: 20, limit: 20, offset: 0 });
    expect(users.items.map((u) => u.id)).toEqual(absorb.dataset.absorb.users.slice(0, 20).map((u) => u.id));
  });

  it('accepts _limit 1000 and refuses 1001, 0, negatives and non-integers', async () => {
    const all = await page<UserRecord>('/users?_limit=1000', 'users');
    expect(all.limit).toBe(1000);
    expect(all.returnedItems).toBe(absorb.dataset.absorb.users.length);
    for (const bad of ['1001', '0', '-5', '10.5', 'ten', '']) {
      const answer = await absorb.get(`/users?_limit=${bad}`);
      expectError(answer, 400);
      expect(validationsOf(answer)).toEqual(['_limit: must be an integer from 1 to 1000']);
    }
  });

  it('reads _offset as a page index: offset 1 with limit 10 is items 11–20', async () => {
    const all = await page<UserRecord>('/users?_limit=1000', 'users');
    const second = await page<UserRecord>('/users?_limit=10&_offset=1', 'users');
    expect(second).toMatchObject({ limit: 10, offset: 1, returnedItems: 10, totalItems: all.totalItems });
    expect(second.items).toEqual(all.items.slice(10, 20));
  });

  it('answers a page past the end empty, with the right totals', async () => {
    const total = absorb.dataset.absorb.users.length;
    const lastIndex = Math.ceil(total / 50) - 1;
    const last = await page<UserRecord>(`/users?_limit=50&_offset=${lastIndex}`, 'users');
    expect(last.returnedItems).toBe(total - lastIndex * 50);
    const past = await page<UserRecord>(`/users?_limit=50&_offset=${lastIndex + 1}`, 'users');
    expect(past).toMatchObject({ totalItems: total, returnedItems: 0, limit: 50, offset: lastIndex + 1, items: [] });
    expect((await page('/users?_offset=65535', 'users')).returnedItems).toBe(0);
    expectError(await absorb.get('/users?_offset=65536'), 400);
    expectError(await absorb.get('/users?_offset=-1'), 400);
  });

  it('walks every page without gaps or duplicates, sorted or not', async () => {
    for (const sort of ['', '&_sort=lastName']) {
      const seen: string[] = [];
      for (let offset = 0; ; offset += 1) {
        const current = await page<UserRecord>(`/users?_limit=17&_offset=${offset}${sort}`, 'users');
        seen.push(...current.items.map((u) => u.id));
        if (current.returnedItems < 17) break;
      }
      expect(seen).toHaveLength(absorb.dataset.absorb.users.length);
      expect(new Set(seen).size).toBe(seen.length);
    }
  });

  it('lists every bad paging parameter in one 400', async () => {
    const answer = await absorb.get('/users?_limit=0&_offset=x');
    expectError(answer, 400);
    expect(validationsOf(answer)).toEqual(['_limit: must be an integer from 1 to 1000', '_offset: must be an integer from 0 to 65535']);
  });
});

describe('Absorb _sort', () => {
  const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

  it('sorts ascending and, with -, descending', async () => {
    const asc = (await page<UserRecord>('/users?_limit=1000&_sort=lastName', 'users')).items.map((u) => u.lastName);
    expect(asc).toEqual([...asc].sort(byText));
    const desc = (await page<UserRecord>('/users?_limit=1000&_sort=-lastName', 'users')).items.map((u) => u.lastName);
    expect(desc).toEqual([...asc].reverse());
  });

  it('sorts by several fields, names matched case-insensitively', async () => {
    const items = (await page<UserRecord>('/users?_limit=1000&_sort=LASTNAME,-FirstName', 'users')).items;
    const expected = [...items].sort((a, b) => byText(a.lastName, b.lastName) || -byText(a.firstName, b.firstName));
    expect(items.map((u) => [u.lastName, u.firstName])).toEqual(expected.map((u) => [u.lastName, u.firstName]));
  });

  it('sorts dates as instants and keeps nulls first ascending', async () => {
    const courseId = absorb.dataset.samples.absorbCourseId;
    const items = (await page<EnrollmentRecord & { dateCompleted: string | null }>(`/courses/${courseId}/enrollments?_limit=1000&_sort=dateCompleted`, 'enrollments')).items;
    const firstDated = items.findIndex((e) => e.dateCompleted !== null);
    expect(firstDated).toBeGreaterThan(0);
    expect(items.slice(firstDated).every((e) => e.dateCompleted !== null)).toBe(true);
    const times = items.slice(firstDated).map((e) => Date.parse(e.dateCompleted as string));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('refuses an unknown or unsortable field with 400', async () => {
    const unknown = await absorb.get('/users?_sort=lastName,department');
    expectError(unknown, 400);
    expect(validationsOf(unknown)).toEqual(["_sort: unknown field 'department'"]);
    const ilc = await absorb.get('/instructorLedCourses?_sort=sessionIds');
    expect(validationsOf(ilc)).toEqual(["_sort: field 'sessionIds' cannot be sorted"]);
  });
});

describe('Absorb _filter', () => {
  it('finds users by a 100-clause employeeNumber or chain', async () => {
    const people = absorb.dataset.absorb.users.filter((u) => u.employeeNumber !== null).slice(0, 100);
    expect(people).toHaveLength(100);
    const filter = people.map((u) => `employeeNumber eq '${u.employeeNumber ?? ''}'`).join(' or ');
    const found = await page<UserRecord>(`/users?_limit=1000&_filter=${encodeURIComponent(filter)}`, 'users');
    expect(found.totalItems).toBe(100);
    expect(found.items.map((u) => u.id).sort()).toEqual(people.map((u) => u.id).sort());
  });

  it('matches field names case-insensitively and pages the filtered list', async () => {
    const user = absorb.dataset.absorb.users[5];
    const found = await page<UserRecord>(`/users?_filter=${encodeURIComponent(`EmployeeNumber eq '${user?.employeeNumber ?? ''}'`)}`, 'users');
    expect(found.items.map((u) => u.id)).toEqual([user?.id]);
    const active = absorb.dataset.absorb.users.filter((u) => u.activeStatus === 0);
    const second = await page<UserRecord>(`/users?_filter=activeStatus%20eq%200&_limit=10&_offset=1`, 'users');
    expect(second.totalItems).toBe(active.length);
    expect(second.items.map((u) => u.id)).toEqual(active.slice(10, 20).map((u) => u.id));
  });

  it('filters enrollments by status, isActive, guid and datetime', async () => {
    const courseId = absorb.dataset.samples.absorbCourseId;
    const rows = absorb.dataset.absorb.enrollments.filter((e) => e.courseId === courseId);
    const filter = `status eq 3 and isActive and courseId eq guid'${courseId.toUpperCase()}' and dateAdded ge datetime'2023-01-01T00:00:00Z'`;
    const found = await page<EnrollmentRecord>(`/courses/${courseId}/enrollments?_limit=1000&_filter=${encodeURIComponent(filter)}`, 'enrollments');
    const expected = rows.filter((e) => e.status === 3 && e.isActive && Date.parse(e.dateAdded) >= Date.UTC(2023, 0, 1));
    expect(found.items.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(found.totalItems).toBeGreaterThan(0);
  });

  it('answers a bad filter with a 400 GenericErrorResponse saying where', async () => {
    const unknown = await absorb.get(`/users?_filter=${encodeURIComponent("department eq 'HR'")}`);
    expectError(unknown, 400, /Invalid _filter: Unknown field 'department' at position 0/);
    expect(validationsOf(unknown)).toEqual(["_filter: Unknown field 'department' at position 0"]);
    expectError(await absorb.get(`/users?_filter=${encodeURIComponent("username eq 'x")}`), 400, /Unterminated string literal at position 12/);
    expectError(await absorb.get(`/users?_filter=${encodeURIComponent("username eq 'x' 'y'")}`), 400, /position 16/);
    expectError(await absorb.get(`/users?_filter=${encodeURIComponent('username eq 5')}`), 400, /cannot compare string with number/);
  });

  it('treats an empty _filter as no filter', async () => {
    expect((await page('/users?_filter=', 'users')).totalItems).toBe(absorb.dataset.absorb.users.length);
  });
});

describe('Absorb deprecated paging and enrollment query parameters', () => {
  const learnerId = (): string => absorb.dataset.people.find((p) => p.employeeID === absorb.dataset.samples.learnerEmployeeID)?.absorbUserId ?? '';

  it('accepts limit/offset where the document lists them, _limit/_offset winning', async () => {
    const courseId = absorb.dataset.samples.absorbCourseId;
    const all = await page<EnrollmentRecord>(`/courses/${courseId}/enrollments?_limit=1000`, 'enrollments');
    const deprecated = await page<EnrollmentRecord>(`/courses/${courseId}/enrollments?limit=5&offset=2`, 'enrollments');
    expect(deprecated).toMatchObject({ limit: 5, offset: 2 });
    expect(deprecated.items).toEqual(all.items.slice(10, 15));
    const both = await page(`/courses/${courseId}/enrollments?limit=5&_limit=7`, 'enrollments');
    expect(both.limit).toBe(7);
    const user = await page(`/users/${learnerId()}/enrollments?limit=2&offset=1`, 'enrollments');
    expect(user).toMatchObject({ limit: 2, offset: 1, returnedItems: 2 });
    // Lists whose document does not name them ignore them.
    expect((await page('/users?limit=5', 'users')).limit).toBe(20);
  });

  it('filters by status and modifiedSince', async () => {
    const courseId = absorb.dataset.samples.absorbCourseId;
    const rows = absorb.dataset.absorb.enrollments.filter((e) => e.courseId === courseId);
    const completed = await page<EnrollmentRecord>(`/courses/${courseId}/enrollments?_limit=1000&status=3`, 'enrollments');
    expect(completed.items.map((e) => e.id)).toEqual(rows.filter((e) => e.status === 3).map((e) => e.id));
    const since = '2024-03-01T00:00:00Z';
    const recent = await page<EnrollmentRecord>(`/courses/${courseId}/enrollments?_limit=1000&modifiedSince=${since}`, 'enrollments');
    expect(recent.items.map((e) => e.id)).toEqual(rows.filter((e) => Date.parse(e.dateEdited) > Date.parse(since)).map((e) => e.id));
    expectError(await absorb.get(`/courses/${courseId}/enrollments?status=13`), 400);
    expectError(await absorb.get(`/courses/${courseId}/enrollments?modifiedSince=yesterday`), 400);
  });
});
