/** The simulated Ruangkerja endpoints: one table, so a path correction is a one-line change. */
export const RUANGKERJA_PATHS = {
  token: '/oauth/token',
  userOnlineCourses: '/ruangkerja/dashboard/users/:employeeID/courses/online',
  userWebinarCourses: '/ruangkerja/dashboard/users/:employeeID/courses/webinar',
  batchUsers: '/ruangkerja/dashboard/courses/:courseSerial/webinar/:batchSerial/users',
  courses: '/ruangkerja/dashboard/courses',
  courseBatches: '/ruangkerja/dashboard/courses/:courseSerial/batches',
  users: '/ruangkerja/users',
} as const;
