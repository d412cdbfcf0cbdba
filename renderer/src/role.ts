// What the user may do. On a database file everything; on a kommune's shared database the server decides by her role
// (db/pg/roles.ts), and the window does not offer what it would refuse: an administrator's actions are shown but
// disabled for a therapist, saying why.

import { useEffect, useState } from 'react';
import type { AppInfo } from '../../schemas/api.ts';
import { call } from './api.ts';

let info: Promise<AppInfo> | null = null;

/** app.info, asked once per window. */
export function appInfo(): Promise<AppInfo> {
  info ??= call('app.info', {});
  return info;
}

export const ADMIN_ONLY = 'Kræver rollen administrator i kommunens fælles database.';

export function useAdministrator(): { allowed: boolean; why: string | undefined } {
  const [role, setRole] = useState<AppInfo['role']>(null);
  useEffect(() => {
    void appInfo().then(
      (i) => setRole(i.role),
      () => {},
    );
  }, []);
  const allowed = role !== 'terapeut';
  return { allowed, why: allowed ? undefined : ADMIN_ONLY };
}
