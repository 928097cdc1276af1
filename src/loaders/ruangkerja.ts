/**
 * Ruangkerja loaders. Ruangkerja has no bulk form: per-user lists cost one request per user per
 * list (de-duplicated per request, run concurrently within the client's bound). A batch roster
 * holds users, so reading one primes what is known of those users.
 */
import type DataLoader from 'dataloader';
import type { Batch, Course, OnlineCourseEnrollment, WebinarEnrollment } from '../domain/model.js';
import type { RosterHead, RuangkerjaApi, RuangkerjaRosterEntry, RuangkerjaUserRecord } from '../providers/api.js';
import { deferred, once, perKeyLoader, type Deferred, type LoaderMode } from './batch.js';
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

  const knowRosterUsers = (entries: readonly RuangkerjaRosterEntry[]): void => {
    for (const { user } of entries) {
      if (!rosterUsers.has(user.employeeID)) rosterUsers.set(user.employeeID, user);
    }
  };

  /**
   * Each roster's head (first page and total), as soon as its first page is in: a page of
   * participants that the head holds is answered from it while the rest of the roster is read.
   * Made by whoever asks first, the head's reader or the roster's read, which settles it.
   */
  const rosterHeads = new Map<PairKey, Deferred<RosterHead | null>>();
  const headOf = (key: PairKey): Deferred<RosterHead | null> => {
    let head = rosterHeads.get(key);
    if (head === undefined) rosterHeads.set(key, (head = deferred()));
    return head;
  };

  const roster = perKeyLoader(mode, async (key: PairKey): Promise<RuangkerjaRosterEntry[] | null> => {
    const [courseSerial = '', batchSerial = ''] = key.split('|');
    const head = headOf(key);
    try {
      const entries = await ruangkerja.batchRoster(courseSerial, batchSerial, (first) => {
        knowRosterUsers(first.entries);
        head.resolve(first);
      });
      knowRosterUsers(entries ?? []);
      // A roster of one page, a bare array or an unknown batch: the whole answer is the head.
      head.resolve(entries === null ? null : { entries, total: entries.length });
      return entries;
    } catch (error) {
      head.reject(error);
      throw error;
    }
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
    /** The roster's first page and total, before its other pages are in (null for an unknown batch). */
    rosterHead: (courseSerial: string, batchSerial: string): Promise<RosterHead | null> => {
      const key = pairKey(courseSerial, batchSerial);
      // The read settles the head; its own failure reaches the caller through the head.
      roster.load(key).catch(() => undefined);
      return headOf(key).promise;
    },
    courseBySerial,
    batchesOfCourse,
  };
}

export type RuangkerjaLoaders = ReturnType<typeof createRuangkerjaLoaders>;
