/** OK: nothing to do. WARN: worth a look, the bot still works. FAIL: the bot will not work as configured. */
export type CheckStatus = 'OK' | 'WARN' | 'FAIL';

/**
 * One line of `npm run doctor`'s table, what a plug-in's check answers with. `detail` says
 * what was found and, unless OK, what to do.
 */
export interface CheckRow {
  check: string;
  status: CheckStatus;
  detail: string;
}
