// The route Telegram's start parameter asks for, handed out once per launch: the parameter stays
// in the launch data for the whole session, but only the first landing should follow it.
import { routeForStartParam } from '@/telegram/deepLinks';
import { startParam } from '@/telegram/launch';

let taken = false;

export function takeStartRoute(): string | undefined {
  if (taken) return undefined;
  taken = true;
  return routeForStartParam(startParam());
}
