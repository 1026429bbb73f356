import * as os from 'node:os';

/** The login name of the user running this process, or '' when the system has none for it (a container's uid). */
export function userName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}
