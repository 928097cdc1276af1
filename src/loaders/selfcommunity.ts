/**
 * SelfCommunity loaders. SelfCommunity has no per-user listing: each configured course's members
 * are read once per request and shared by every user in it.
 */
import type { CommunityMembership, Course } from '../domain/model.js';
import type { SelfCommunityApi } from '../providers/api.js';
import { once, perKeyLoader, type LoaderMode } from './batch.js';

export function createSelfCommunityLoaders(selfcommunity: SelfCommunityApi, mode: LoaderMode) {
  const members = perKeyLoader(mode, (courseId: number) => selfcommunity.courseMembers(courseId));
  const course = perKeyLoader(mode, (courseId: number): Promise<Course | null> => selfcommunity.course(courseId));

  /** Memberships in every configured course, indexed by lower-cased username (matching is case-insensitive). */
  const membershipsIndex = once(mode, async (): Promise<Map<string, CommunityMembership[]>> => {
    const lists = await members.loadMany([...selfcommunity.courseIds]);
    const index = new Map<string, CommunityMembership[]>();
    for (const list of lists) {
      if (list instanceof Error) throw list;
      for (const membership of list ?? []) {
        const key = membership.username.toLowerCase();
        index.set(key, [...(index.get(key) ?? []), membership]);
      }
    }
    return index;
  });

  return {
    courseIds: selfcommunity.courseIds,
    members,
    course,
    /** The person's memberships in the configured courses ([] when not a member anywhere). */
    membershipsOf: async (employeeID: string): Promise<CommunityMembership[]> =>
      (await membershipsIndex()).get(employeeID.toLowerCase()) ?? [],
  };
}

export type SelfCommunityLoaders = ReturnType<typeof createSelfCommunityLoaders>;
