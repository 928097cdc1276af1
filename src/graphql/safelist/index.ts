/**
 * Every document whose operations OPERATION_SAFELIST=true accepts. To allow another operation,
 * add its document here (a module of its own for a new client) and redeploy.
 */
import { DASHBOARD_QUERIES } from './dashboard-queries.js';

export const SAFELIST_DOCUMENTS: readonly string[] = [DASHBOARD_QUERIES];
