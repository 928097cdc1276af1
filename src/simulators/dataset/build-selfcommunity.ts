import type { PersonDraft } from './draft.js';
import { ensureEvery } from './ensure.js';
import { asciiToken, poolsWithWeights } from './names.js';
import { REFERENCE_TIME, Rng, daysAgo } from './random.js';
import type { SelfCommunityCourse, SelfCommunityData, SelfCommunityJoinStatus, SelfCommunityMember } from './types.js';

export const JOIN_STATUSES: readonly (SelfCommunityJoinStatus | null)[] = ['creator', 'manager', 'joined', 'invited', 'requested', null];

const COURSES: readonly Omit<SelfCommunityCourse, 'created_at'>[] = [
  { id: 3, name: 'Komunitas Data Analytics', slug: 'komunitas-data-analytics', description: 'Belajar bersama analisis data, dari spreadsheet sampai SQL.', type: 'structured', privacy: 'private' },
  { id: 7, name: 'Leadership Circle', slug: 'leadership-circle', description: 'Peer coaching for new people managers.', type: 'scheduled', privacy: 'private' },
  { id: 12, name: 'Belajar Bahasa Inggris Bisnis', slug: 'belajar-bahasa-inggris-bisnis', description: 'Latihan percakapan mingguan.', type: 'default', privacy: 'open' },
  { id: 18, name: 'Safety First Community', slug: 'safety-first-community', description: 'Berbagi praktik K3 di lapangan.', type: 'default', privacy: 'open' },
  { id: 25, name: 'Digital Marketing Guild', slug: 'digital-marketing-guild', description: 'Kampanye, konten dan analitik.', type: 'structured', privacy: 'secret' },
];

const AVATAR_BASE = 'https://cdn.selfcommunity.example';

/** SelfCommunity writes Django-style timestamps with microseconds. */
function djangoIso(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

interface Candidate {
  id: number;
  username: string;
  realName: string;
  employee: boolean;
}

export interface SelfCommunityBuild {
  data: SelfCommunityData;
  sampleCourseId: number;
}

function member(rng: Rng, courseId: number, who: Candidate, join_status: SelfCommunityJoinStatus | null, completion?: number): SelfCommunityMember {
  const joined = join_status === 'invited' || join_status === 'requested' ? null : rng.chance(0.05) ? null : daysAgo(rng, 1, 900);
  const active = rng.chance(0.15) ? null : Math.min((joined ?? daysAgo(rng, 1, 900)) + rng.int(0, 200 * 1440) * 60_000, REFERENCE_TIME);
  const rate = completion ?? (join_status === 'invited' || join_status === 'requested' ? 0
    : rng.weighted<'zero' | 'full' | 'some'>([['zero', 20], ['full', 25], ['some', 55]]) === 'some' ? rng.int(1, 99) : rng.chance(20 / 45) ? 0 : 100);
  return {
    courseId,
    id: who.id,
    username: who.username,
    real_name: who.realName,
    avatar: rng.chance(0.7) ? `${AVATAR_BASE}/avatars/u${who.id}.png` : `${AVATAR_BASE}/static/default-avatar.png`,
    join_status,
    user_completion_rate: rate,
    last_active_at: active === null ? null : djangoIso(active),
    joined_at: joined === null ? null : djangoIso(joined),
  };
}

export function buildSelfCommunity(rng: Rng, drafts: PersonDraft[]): SelfCommunityBuild {
  const courses: SelfCommunityCourse[] = COURSES.map((c) => ({ ...c, created_at: djangoIso(daysAgo(rng, 400, 1200)) }));
  let nextId = rng.int(1000, 2000);
  const newId = (): number => (nextId += rng.int(1, 7));

  const employees: Candidate[] = drafts.filter((d) => d.inSelfCommunity).map((d, i) => {
    const id = newId();
    d.person.selfCommunityUserId = id;
    // Usernames match employeeIDs case-insensitively: some were typed in lower or mixed case.
    const casing = i === 0 ? 'exact' : rng.weighted([['exact', 80], ['lower', 15], ['mixed', 5]] as const);
    const e = d.person.employeeID;
    const username = casing === 'lower' ? e.toLowerCase() : casing === 'mixed' ? e.charAt(0) + e.slice(1).toLowerCase() : e;
    return { id, username, realName: rng.chance(0.1) ? '' : `${d.person.firstName} ${d.person.lastName}`, employee: true };
  });
  // Community-only accounts (coaches, guests, admins) whose usernames match no employeeID.
  const outsiders: Candidate[] = Array.from({ length: Math.max(4, Math.round(employees.length * 0.1)) }, (_, i) => {
    const pool = rng.weighted(poolsWithWeights());
    const first = rng.pick(pool.first);
    const last = rng.pick(pool.last);
    const style = rng.pick(['guest', 'coach', 'alumni', 'partner']);
    return { id: newId(), username: `${style}_${asciiToken(first)}${i + 1}`, realName: rng.chance(0.2) ? '' : `${first} ${last}`, employee: false };
  });

  const byCourse = new Map<number, Candidate[]>(courses.map((c) => [c.id, []]));
  const join = (who: Candidate, count: number): void => {
    for (const course of rng.sample(courses, count)) byCourse.get(course.id)?.push(who);
  };
  const learner = drafts[0]?.inSelfCommunity ? employees[0] : undefined;
  for (const who of employees) if (who !== learner) join(who, rng.int(1, 3));
  for (const who of outsiders) join(who, rng.int(1, 2));

  const members: SelfCommunityMember[] = [];
  courses.forEach((course, courseIndex) => {
    const roster = rng.sample(byCourse.get(course.id) ?? [], Number.MAX_SAFE_INTEGER);
    roster.forEach((who, i) => {
      // The first member created the course; the rest are drawn.
      const status = i === 0 ? 'creator' : rng.weighted<SelfCommunityJoinStatus | null>([['joined', 62], ['manager', 6], ['invited', 12], ['requested', 8], [null, 12]]);
      members.push(member(rng, course.id, who, status));
    });
    // The learner: a joined member of the first three courses, at 100%, part-way, and 0%.
    if (learner && courseIndex < 3) members.push(member(rng, course.id, learner, courseIndex === 2 ? 'manager' : 'joined', [100, 45, 0][courseIndex]));
  });
  ensureEveryStatus(rng, members, learner?.id);

  return {
    data: { courses, members, managerTokens: ['demo-manager-token'], plainTokens: ['demo-member-token'] },
    sampleCourseId: (courses[0] as SelfCommunityCourse).id,
  };
}

/** Small datasets may miss a value by chance: write the missing ones onto random members. */
function ensureEveryStatus(rng: Rng, members: SelfCommunityMember[], learnerId: number | undefined): void {
  const employees = members.filter((m) => m.join_status !== 'creator' && m.id !== learnerId);
  ensureEvery(rng, members, employees, JOIN_STATUSES, (m) => m.join_status, (row, status) => {
    row.join_status = status;
  });
  const band = (m: SelfCommunityMember): 'zero' | 'full' | 'some' => (m.user_completion_rate === 0 ? 'zero' : m.user_completion_rate === 100 ? 'full' : 'some');
  ensureEvery(rng, members, employees, ['zero', 'full', 'some'] as const, band, (row, b) => {
    row.user_completion_rate = b === 'zero' ? 0 : b === 'full' ? 100 : rng.int(1, 99);
  });
}
