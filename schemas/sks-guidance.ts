// How therapists register SKS codes, as warnings that cite where the rule comes from (../shared/domain/sks.md, from
// Danske Fysioterapeuter's guidance on SKS registration). Guidance only: a ydelse is never refused for it, and SEI
// does not check it. Whether training was given on a hold (group) cannot be seen in a registration, so that rule is
// only told in the help, not checked.

import { formatDanishDate } from './dates.ts';
import { count, listDa } from './danish.ts';

export const GUIDANCE_SOURCE = 'Danske Fysioterapeuters vejledning om SKS-registrering (journalføring, fysio.dk)';

/** A session is registered with at most this many ydelseskoder (tillægskoder not counted). */
export const MAX_CODES_PER_SESSION = 3;

export interface Guidance {
  code: 'for_mange_koder' | 'hjemme_uden_tillaeg';
  message: string;
  source: string;
}

export interface RegisteredYdelse {
  dato: string;
  ydelseskode: string;
  tillaegskoder: readonly string[];
  hjemme: boolean;
}

/** The guidance a citizen's ydelser break: too many ydelseskoder on a day, training at home without a place code. */
export function registrationGuidance(ydelser: readonly RegisteredYdelse[]): Guidance[] {
  const out: Guidance[] = [];
  const codesByDay = new Map<string, Set<string>>();
  for (const y of ydelser) {
    let codes = codesByDay.get(y.dato);
    if (!codes) codesByDay.set(y.dato, (codes = new Set()));
    codes.add(y.ydelseskode);
  }
  const crowded = [...codesByDay].filter(([, codes]) => codes.size > MAX_CODES_PER_SESSION).sort(([a], [b]) => (a < b ? -1 : 1));
  if (crowded.length > 0) {
    out.push({
      code: 'for_mange_koder',
      message: `Mere end ${MAX_CODES_PER_SESSION} ydelseskoder samme dag (${listDa(crowded.map(([d, codes]) => `${formatDanishDate(d)}: ${codes.size}`))}). En session registreres med de 2–3 ydelseskoder, der dækker dens hovedformål; undersøgelse og dokumentation registreres ikke som selvstændige ydelser.`,
      source: GUIDANCE_SOURCE,
    });
  }
  const home = ydelser.filter((y) => y.hjemme && y.tillaegskoder.length === 0).length;
  if (home > 0) {
    out.push({
      code: 'hjemme_uden_tillaeg',
      message: `${count(home, 'ydelse', 'ydelser')} i borgerens hjem er registreret uden tillægskode. Foregår træningen i borgerens hjem eller på en institution, tilføjes stedklassifikationen som tillægskode.`,
      source: GUIDANCE_SOURCE,
    });
  }
  return out;
}
