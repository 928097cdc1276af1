/**
 * Ruangkerja loaders. Ruangkerja has no bulk form: per-user lists cost one request per user per
 * list (de-duplicated per request, run concurrently within the client's bound). A batch roster
 * holds users, so reading one primes what is known of those users.
 */
import type DataLoader from 'dataloader';
import type { Batch, Course, OnlineCourseEnrollment, WebinarEnrollment } from '../domain/model.js';
import type { RuangkerjaApi, RuangkerjaRosterEntry, RuangkerjaUserRecord } from '../providers/api.js';
import { once, perKeyLoader, type LoaderMode } from './batch.js';
import { pairKey, type PairKey } from './absorb.js';

/** What a roster line tells about a user: enough for a name and the path serial, not an email. */
export interface RuangkerjaKnownUser {
  serial: string;
  employeeID: string;
  name: string | null;
}

export function createRuangkerjaLoaders(ruangkerja: RuangkerjaApi, mode: LoaderMode) {
  const rosterUsers = new Map<string, RuangkerjaKnownUser>();

  // Gating: a person only Ruangkerja knows has their lists read once the directory has answered.
  const directoryUser: DataLoader<string, RuangkerjaUserRecord | null> = perKeyLoader(mode, (employeeID: string) => ruangkerja.findUserByEmployeeID(employeeID), {
    priority: 'gating',
  });

  /**
   * The value Ruangkerja's user paths take: the employeeID itself by default; with
   * RUANGKERJA_USER_KEY=serial, the serial from a roster already read or from the directory.
   * Null when the person is not in Ruangkerja.
   */
  async function pathUser(employeeID: string): Promise<string | null> {
    if (ruangkerja.userKey === 'employeeID') return employeeID;
    const known = rosterUsers.get(employeeID);
    if (known) return known.serial;
    return (await directoryUser.load(employeeID))?.serial ?? null;
  }

  /**
   * One of a person's lists, by employeeID; [] for someone Ruangkerja does not know. A wave: two
   * lists per person on a team or roster page, and nothing waits on them but the page.
   */
  const personList = <E>(read: (pathUser: string, employeeID: string) => Promise<E[]>): DataLoader<string, E[]> =>
    perKeyLoader(
      mode,
      async (employeeID: string): Promise<E[]> => {
        const user = await pathUser(employeeID);
        return user === null ? [] : read(user, employeeID);
      },
      { priority: 'wave' },
    );
  const onlineEnrollments = personList<OnlineCourseEnrollment>((user, employeeID) => ruangkerja.onlineEnrollments(user, employeeID));
  const webinarEnrollments = personList<WebinarEnrollment>((user, employeeID) => ruangkerja.webinarEnrollments(user, employeeID));

  const roster = perKeyLoader(mode, async (key: PairKey): Promise<RuangkerjaRosterEntry[] | null> => {
    const [courseSerial = '', batchSerial = ''] = key.split('|');
    const entries = await ruangkerja.batchRoster(courseSerial, batchSerial);
    for (const { user } of entries ?? []) {
      if (!rosterUsers.has(user.employeeID)) rosterUsers.set(user.employeeID, user);
    }
    return entries;
  });

  /** The catalogue is one list; read once per request, whoever asks first. */
  const catalogue = once(mode, () => ruangkerja.courses().then((courses) => new Map(courses.map((course) => [String(course.key.nativeId), course]))));
  const courseBySerial = async (serial: string): Promise<Course | null> => (await catalogue()).get(serial) ?? null;

  const batchesOfCourse = perKeyLoader(mode, (courseSerial: string): Promise<Batch[] | null> => ruangkerja.batches(courseSerial));

  return {
    userKey: ruangkerja.userKey,
    directoryUser,
    /** A name known from a roster read in this request, if any. */
    rosterUser: (employeeID: string): RuangkerjaKnownUser | undefined => rosterUsers.get(employeeID),
    pathUser,
    onlineEnrollments,
    webinarEnrollments,
    roster: (courseSerial: string, batchSerial: string) => roster.load(pairKey(courseSerial, batchSerial)),
    courseBySerial,
    batchesOfCourse,
  };
}

export type RuangkerjaLoaders = ReturnType<typeof createRuangkerjaLoaders>;
