/**
 * Ruangkerja responses (already validated by schemas.ts) into domain types. Pure functions, no
 * I/O. Units are converted once here: `completedAt` "" → null, `timeSpent` → whole seconds,
 * schedule instants → ISO-8601 UTC, empty text → null where the contract says so.
 */
import { ruangkerjaEnrollmentId } from '../../domain/ids.js';
import type { Batch, Course, CourseKind, OnlineCourseEnrollment, WebinarEnrollment } from '../../domain/model.js';
import { ruangkerjaOnlineStatus, ruangkerjaWebinarStatus } from '../../domain/status.js';
import { emptyToNull, isoDate, isoDateTime, wholeSeconds } from '../../domain/units.js';
import type { RuangkerjaRosterEntry, RuangkerjaUserRecord } from '../api.js';
import type { BatchItem, CourseItem, OnlineItem, RosterItem, UserItem, WebinarItem } from './schemas.js';

type Category = CourseItem['category'];

/**
 * Offline courses run in batches, with rosters and post activities, exactly like webinars (the
 * user webinar list carries them: its document's example is an "[OFFLINE]" course), so they are
 * WEBINAR: the schema's CourseKind has no separate offline kind.
 */
const KIND_OF_CATEGORY: Readonly<Record<Category, CourseKind>> = {
  Online: 'ONLINE',
  Webinar: 'WEBINAR',
  Offline: 'WEBINAR',
};

export function courseKindOf(category: Category): CourseKind {
  return KIND_OF_CATEGORY[category];
}

function ruangkerjaCourse(serial: string, name: string | null, kind: CourseKind): Course {
  return { key: { provider: 'ruangkerja', nativeId: serial }, name, kind };
}

export function normalizeCourse(item: CourseItem): Course {
  return ruangkerjaCourse(item.serial, item.name, courseKindOf(item.category));
}

export function normalizeOnlineEnrollment(item: OnlineItem, employeeID: string): OnlineCourseEnrollment {
  return {
    kind: 'online',
    provider: 'ruangkerja',
    id: ruangkerjaEnrollmentId(employeeID, item.course.serial),
    status: ruangkerjaOnlineStatus(item.status),
    providerStatus: item.status,
    score: item.postTest,
    preTest: item.preTest,
    postTest: item.postTest,
    completedAt: isoDate(item.completedAt),
    timeSpentSeconds: wholeSeconds(item.timeSpent),
    course: ruangkerjaCourse(item.course.serial, item.course.name, 'ONLINE'),
    employeeID,
  };
}

type Participation = Omit<RosterItem, 'user'>;

interface WebinarContext {
  employeeID: string;
  courseSerial: string;
  courseName: string | null;
  batchSerial: string;
  batchName: string | null;
}

/** The part of a webinar enrollment both the user list and a batch roster describe. */
function webinarEnrollment(line: Participation, context: WebinarContext): WebinarEnrollment {
  const { employeeID, courseSerial, courseName, batchSerial, batchName } = context;
  return {
    kind: 'webinar',
    provider: 'ruangkerja',
    id: ruangkerjaEnrollmentId(employeeID, courseSerial, batchSerial),
    status: ruangkerjaWebinarStatus(line.userAssignedStatus),
    providerStatus: line.userAssignedStatus,
    score: line.postTestScore,
    // A webinar line carries no completion date or time spent.
    completedAt: null,
    timeSpentSeconds: null,
    course: ruangkerjaCourse(courseSerial, courseName, 'WEBINAR'),
    // Only the batch list knows the schedule; resolvers fetch it when asked.
    batch: { courseSerial, serial: batchSerial, name: batchName, schedule: null },
    attended: line.isAttend,
    absentReason: emptyToNull(line.absentReason),
    feedback: emptyToNull(line.feedback),
    userAssignedStatus: line.userAssignedStatus,
    postActivityStatus: emptyToNull(line.postActivityStatus),
    postTestAttempt: line.postTestAttempt,
    postTestScore: line.postTestScore,
    postTestPassingScore: line.postTestPassingScore,
    assignedCourseSerial: emptyToNull(line.assignedCourseSerial),
    employeeID,
  };
}

export function normalizeWebinarEnrollment(item: WebinarItem, employeeID: string): WebinarEnrollment {
  return webinarEnrollment(item, {
    employeeID,
    courseSerial: item.course.serial,
    courseName: item.course.name,
    batchSerial: item.batch.serial,
    batchName: item.batch.name,
  });
}

/** A roster line names neither its course nor its batch: both names stay null. */
export function normalizeRosterEntry(item: RosterItem, courseSerial: string, batchSerial: string): RuangkerjaRosterEntry {
  const { user, ...line } = item;
  return {
    user: { serial: user.serial, employeeID: user.employeeID, name: emptyToNull(user.name) },
    enrollment: webinarEnrollment(line, { employeeID: user.employeeID, courseSerial, courseName: null, batchSerial, batchName: null }),
  };
}

export function normalizeBatch(item: BatchItem, courseSerial: string): Batch {
  return {
    courseSerial,
    serial: item.serial,
    name: item.name,
    schedule: {
      mainActivityStartAt: isoDateTime(item.mainActivityStartAt),
      mainActivityEndAt: isoDateTime(item.mainActivityEndAt),
      postActivityStartAt: isoDateTime(item.postActivityStartAt),
      postActivityEndAt: isoDateTime(item.postActivityEndAt),
      platform: emptyToNull(item.platform),
      location: emptyToNull(item.location),
      note: emptyToNull(item.note),
      status: emptyToNull(item.status),
    },
  };
}

export function normalizeUser(item: UserItem): RuangkerjaUserRecord {
  return {
    serial: item.serial,
    employeeID: item.employeeID,
    name: emptyToNull(item.name),
    email: emptyToNull(item.email),
    username: emptyToNull(item.username),
    isActive: item.isActive,
    companyName: emptyToNull(item.companyName),
  };
}
