/**
 * The current instant. XMB_NOW (an ISO instant such as 2022-03-04T11:30:00+08:00) fixes it, so that
 * a receipt time or "this week" can be reproduced in tests and demonstrations; otherwise the clock.
 */
import { UserError } from '../errors.js';

export function currentTime(env: NodeJS.ProcessEnv = process.env): Date {
  const fixed = env.XMB_NOW;
  if (fixed === undefined || fixed === '') return new Date();
  const time = Date.parse(fixed);
  if (Number.isNaN(time) || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(fixed))
    throw new UserError(`环境变量 XMB_NOW 应为带时区的时间，例如 2022-03-04T11:30:00+08:00，收到“${fixed}”`);
  return new Date(time);
}
