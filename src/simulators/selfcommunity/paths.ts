/** The simulated SelfCommunity endpoints (Django REST Framework style, trailing slashes). */
export const SELFCOMMUNITY_PATHS = {
  course: '/api/v2/course/:id/',
  courseUsers: '/api/v2/course/:id/users/',
} as const;
