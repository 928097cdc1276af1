/**
 * Shared by the Ruangkerja client tests: HTTP settings, configs pointing at a running simulator,
 * and dataset additions that make long lists. The simulator indexes its dataset when it starts,
 * so additions are made to a built dataset before `startSimulators({dataset})`.
 */
import type { RuangkerjaConfig, UpstreamHttpConfig } from '../../../src/config.js';
import type { RunningSimulators } from '../../../src/simulators/index.js';
import type { Dataset, RuangkerjaWebinarAssignment } from '../../../src/simulators/dataset/types.js';

export const HTTP: UpstreamHttpConfig = { connectTimeoutMs: 1_000, responseTimeoutMs: 5_000, requestTimeoutMs: 5_000, retries: 2, maxSockets: 64 };
export const FAST_BACKOFF = { baseMs: 5, capMs: 20 };

export const ONLINE = '/ruangkerja/dashboard/users/:employeeID/courses/online';
export const WEBINAR = '/ruangkerja/dashboard/users/:employeeID/courses/webinar';
export const ROSTER = '/ruangkerja/dashboard/courses/:courseSerial/webinar/:batchSerial/users';
export const COURSES = '/ruangkerja/dashboard/courses';
export const BATCHES = '/ruangkerja/dashboard/courses/:courseSerial/batches';
export const USERS = '/ruangkerja/users';
export const TOKEN = '/oauth/token';

export function credentialsConfig(sims: RunningSimulators, overrides: Partial<RuangkerjaConfig> = {}): RuangkerjaConfig {
  const client = sims.dataset.ruangkerja.clients[0];
  if (client === undefined) throw new Error('the dataset has no Ruangkerja OAuth client');
  return {
    baseUrl: sims.urls.ruangkerja,
    userKey: 'employeeID',
    auth: { kind: 'clientCredentials', clientId: client.clientID, clientSecret: client.clientSecret },
    ...overrides,
  };
}

export const LONG_LIST = 1_234;
export const LONG_USER = { serial: 'BULKUSERSERIAL01', employeeID: 'EMPBULK01' };
export const LONG_BATCH = { courseSerial: 'COURSE-BULKWEB', batchSerial: 'BATCH-BULK-01' };

const pad = (n: number): string => String(n).padStart(4, '0');

/**
 * One user with 1,234 online and 1,234 webinar assignments (each to its own course, so every
 * enrollment id is distinct), and one batch with a 1,234-person roster.
 */
export function addLongLists(dataset: Dataset): void {
  const rk = dataset.ruangkerja;
  rk.users.push({ ...LONG_USER, name: 'Bulk Learner', username: 'bulk.learner', email: 'bulk@example.test', isActive: true, companyName: 'PT Bulk' });
  rk.courses.push({ serial: LONG_BATCH.courseSerial, name: 'Bulk Webinar', category: 'Webinar' });
  rk.batches.push({
    courseSerial: LONG_BATCH.courseSerial,
    serial: LONG_BATCH.batchSerial,
    name: 'Bulk Batch',
    mainActivityStartAt: '2024-01-10T02:00:00Z',
    mainActivityEndAt: '2024-01-10T04:00:00Z',
    postActivityStartAt: '',
    postActivityEndAt: '',
    platform: 'Zoom',
    location: '',
    note: '',
    status: 'Ongoing',
  });
  const participation = (i: number): Omit<RuangkerjaWebinarAssignment, 'userSerial' | 'courseSerial' | 'batchSerial'> => ({
    absentReason: '',
    assignedCourseSerial: `ASGC-BULK${pad(i)}`,
    feedback: '',
    isAttend: i % 3 !== 0,
    userAssignedStatus: (['Ongoing', 'Cleared', 'Failed'] as const)[i % 3] ?? 'Ongoing',
    postActivityStatus: (['', 'NOT STARTED', 'IN PROGRESS', 'COMPLETED', 'EXPIRED'] as const)[i % 5] ?? '',
    postTestAttempt: i % 4,
    postTestScore: i % 101,
    postTestPassingScore: i % 2 === 0 ? 70 : null,
  });
  for (let i = 0; i < LONG_LIST; i += 1) {
    const online = `COURSE-BULKON${pad(i)}`;
    const webinar = `COURSE-BULKWB${pad(i)}`;
    rk.courses.push({ serial: online, name: `Bulk Online ${pad(i)}`, category: 'Online' }, { serial: webinar, name: `Bulk Webinar ${pad(i)}`, category: i % 2 === 0 ? 'Webinar' : 'Offline' });
    rk.batches.push({ courseSerial: webinar, serial: `BATCH-BULKWB${pad(i)}`, name: `Batch ${pad(i)}`, mainActivityStartAt: '', mainActivityEndAt: '', postActivityStartAt: '', postActivityEndAt: '', platform: '', location: '', note: '', status: 'Completed' });
    rk.onlineAssignments.push({
      userSerial: LONG_USER.serial,
      courseSerial: online,
      preTest: i % 7 === 0 ? null : 50,
      postTest: i % 7 === 0 ? null : 80,
      timeSpent: i,
      completedAt: i % 2 === 0 ? '2024-02-03' : '',
      status: (['not_started', 'completed', 'expired', 'failed', 'in_progress'] as const)[i % 5] ?? 'completed',
    });
    rk.webinarAssignments.push({ userSerial: LONG_USER.serial, courseSerial: webinar, batchSerial: `BATCH-BULKWB${pad(i)}`, ...participation(i) });
    const userSerial = `BULKROSTER${pad(i)}`;
    rk.users.push({ serial: userSerial, employeeID: `EMPR${pad(i)}`, name: `Roster Person ${pad(i)}`, username: `roster${i}`, email: `r${i}@example.test`, isActive: true, companyName: 'PT Bulk' });
    rk.webinarAssignments.push({ userSerial, ...LONG_BATCH, ...participation(i) });
  }
}

/** The `page` of each logged request to `endpoint`, in arrival order. */
export function pagesAsked(sims: RunningSimulators, endpoint: string): { page: string | null; pageSize: string | null }[] {
  return sims.controls.log.matching({ provider: 'ruangkerja', method: 'GET', endpoint }).map((entry) => {
    const query = new URL(entry.url, 'http://sim').searchParams;
    return { page: query.get('page'), pageSize: query.get('pageSize') };
  });
}
