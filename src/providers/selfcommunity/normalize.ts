/**
 * SelfCommunity responses (already validated by schemas.ts) into domain types. Pure functions, no
 * I/O. A membership's completion percentage becomes a 0–1 fraction; its dates ISO-8601 UTC.
 */
import { communityMembershipId } from '../../domain/ids.js';
import type { CommunityMembership, Course } from '../../domain/model.js';
import { selfCommunityStatus } from '../../domain/status.js';
import { emptyToNull, isoDateTime } from '../../domain/units.js';
import type { CourseItem, MemberItem } from './schemas.js';

/** A dashboard item whose join status says the person is part of the course. */
export type JoinedMemberItem = MemberItem & { join_status: NonNullable<MemberItem['join_status']> };

/** Items with `join_status` null are people who are not members: they are no enrollment. */
export function isMember(item: MemberItem): item is JoinedMemberItem {
  return item.join_status !== null;
}

export function communityCourse(courseId: number, name: string | null): Course {
  return { key: { provider: 'selfcommunity', nativeId: courseId }, name, kind: 'COMMUNITY' };
}

/** Keyed by the id asked for, so the answer files under the key its caller holds. */
export function normalizeCourse(item: CourseItem, courseId: number): Course {
  return communityCourse(courseId, item.name);
}

export function normalizeMembership(item: JoinedMemberItem, courseId: number): CommunityMembership {
  return {
    kind: 'community',
    provider: 'selfcommunity',
    id: communityMembershipId(courseId, item.id),
    status: selfCommunityStatus(item.join_status, item.user_completion_rate),
    providerStatus: item.join_status,
    // A community course has no score, completion date or time spent.
    score: null,
    completedAt: null,
    timeSpentSeconds: null,
    // The member list does not name its course; resolvers read the course when asked.
    course: communityCourse(courseId, null),
    // A member is named by username, which matches an employeeID whatever its case: which
    // employee it is, and how their employeeID is spelled, is settled by the loaders.
    employeeID: null,
    courseId,
    memberId: item.id,
    username: item.username,
    realName: emptyToNull(item.real_name),
    joinStatus: item.join_status,
    completionRate: item.user_completion_rate / 100,
    joinedAt: isoDateTime(item.joined_at),
    lastActiveAt: isoDateTime(item.last_active_at),
  };
}
