// settings get / settings set NAME VALUE: every setting of the program, through the window's calls (so the same
// checks and Danish messages): the SEI file's header, the KL Gateway report's, and how many backups are kept.

import { parseArgs } from 'node:util';
import { FSIII_INTERVENTIONS } from '../../../schemas/kl-gateway.ts';
import type { CallResult } from '../../../schemas/api.ts';
import { UserError } from '../../../schemas/errors.ts';
import { type DbChoice, type FrontDoor, openFrontDoor } from '../front-door.ts';
import { formatOf, table, UsageError, type Io } from '../io.ts';

interface All {
  report: CallResult<'settings.get'>;
  kl: CallResult<'kl.settings.get'>;
  /** Null on the shared database (its backups are the server's). */
  backup: { keep: number; folder: string; chosen: boolean } | null;
}

/** Each setting: its name on the command line, what it is, how it is read, and how a new value is saved. */
const SETTINGS: Record<string, { about: string; get: (a: All) => string; set: (door: FrontDoor, a: All, v: string) => Promise<unknown> }> = {
  kommunekode: {
    about: 'Kommunekoden i SEI-filens hoved',
    get: (a) => a.report.kommunekode,
    set: (d, a, v) => d.call('settings.set', { ...a.report, kommunekode: v }),
  },
  'indberetter-navn': {
    about: 'Indberetterens navn i SEI-filens hoved',
    get: (a) => a.report.reporterName,
    set: (d, a, v) => d.call('settings.set', { ...a.report, reporterName: v }),
  },
  'indberetter-email': {
    about: 'Indberetterens e-mail i SEI-filens hoved',
    get: (a) => a.report.reporterEmail,
    set: (d, a, v) => d.call('settings.set', { ...a.report, reporterEmail: v }),
  },
  'kommune-sor': {
    about: 'Kommunens egen SOR-kode (KL Gateway)',
    get: (a) => a.kl.kommuneSor,
    set: (d, a, v) => d.call('kl.settings.set', { ...a.kl, kommuneSor: v }),
  },
  'udfoerer-sor': {
    about: 'Udførende enhed (SOR), når stedet ikke har én (KL Gateway)',
    get: (a) => a.kl.performerSor,
    set: (d, a, v) => d.call('kl.settings.set', { ...a.kl, performerSor: v }),
  },
  'kontakt-start': {
    about: 'En kontakts start, TT:MM (KL Gateway)',
    get: (a) => a.kl.contactStart,
    set: (d, a, v) => d.call('kl.settings.set', { ...a.kl, contactStart: v }),
  },
  'kontakt-minutter': {
    about: 'En kontakts længde i minutter (KL Gateway)',
    get: (a) => String(a.kl.contactMinutes),
    set: (d, a, v) => d.call('kl.settings.set', { ...a.kl, contactMinutes: /^\d+$/.test(v) ? Number(v) : (v as never) }),
  },
  holdkoder: {
    about: 'Tillægskoder for holdtræning, adskilt af mellemrum (KL Gateway)',
    get: (a) => a.kl.holdCodes.join(' '),
    set: (d, a, v) => d.call('kl.settings.set', { ...a.kl, holdCodes: v.split(/[\s,;]+/).filter(Boolean) }),
  },
  'fsiii-standard': {
    about: `Træningens FSIII-indsats, når ydelseskoden ikke er i tabellen (${Object.keys(FSIII_INTERVENTIONS).join(', ')})`,
    get: (a) => a.kl.defaultIntervention,
    set: (d, a, v) => d.call('kl.settings.set', { ...a.kl, defaultIntervention: v as never }),
  },
  'fsiii-tabel': {
    about: 'Træningens FSIII-indsats pr. ydelseskode, fx "BLNB1=fysisk BLNB2=funktion" (KL Gateway)',
    get: (a) =>
      Object.entries(a.kl.interventionBySks)
        .map(([k, v]) => `${k}=${v}`)
        .join(' '),
    set: (d, a, v) =>
      d.call('kl.settings.set', {
        ...a.kl,
        interventionBySks: Object.fromEntries(
          v
            .split(/[\s,;]+/)
            .filter(Boolean)
            .map((pair) => {
              const [code, intervention] = pair.split('=');
              return [(code ?? '').toUpperCase(), (intervention ?? '') as never];
            }),
        ),
      }),
  },
  'sikkerhedskopier-antal': {
    about: 'Hvor mange automatiske sikkerhedskopier der gemmes',
    get: (a) => (a.backup ? String(a.backup.keep) : ''),
    set: (d, _a, v) => d.call('backup.setKeep', { keep: /^\d+$/.test(v) ? Number(v) : (v as never) }),
  },
  'sikkerhedskopi-mappe': {
    about: 'Mappen til sikkerhedskopier (hele stien; "standard": mappen ved siden af databasen)',
    get: (a) => (a.backup ? `${a.backup.folder}${a.backup.chosen ? '' : ' (standard)'}` : ''),
    set: (d, _a, v) => d.call('backup.setFolder', { folder: v === 'standard' ? null : v }),
  },
};

async function readAll(door: FrontDoor): Promise<All> {
  const [report, kl, backup] = await Promise.all([
    door.call('settings.get', {}),
    door.call('kl.settings.get', {}),
    door.call('backup.status', {}).catch((e: unknown) => {
      if (e instanceof UserError) return null; // the shared database: backups are the server's
      throw e;
    }),
  ]);
  return { report, kl, backup };
}

export async function settingsCommand(sub: string | undefined, rest: string[], db: DbChoice, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: rest, options: { format: { type: 'string' } }, allowPositionals: true, strict: true });
  const format = formatOf(values.format);
  if (sub !== 'get' && sub !== 'set')
    throw new UsageError(sub ? `Ukendt underkommando: settings ${sub}` : 'Angiv en underkommando: settings get eller settings set NAVN VÆRDI');
  if (sub === 'get' && positionals.length > 1) throw new UsageError(`Uventet argument: ${positionals[1]}`);
  if (sub === 'set' && positionals.length !== 2) throw new UsageError('Angiv navnet og værdien: settings set NAVN VÆRDI');
  const name = positionals[0];
  if (name !== undefined && !Object.hasOwn(SETTINGS, name)) throw new UsageError(`Ukendt indstilling "${name}": brug ${Object.keys(SETTINGS).join(', ')}.`);
  const door = openFrontDoor(db);
  try {
    let all = await readAll(door);
    if (sub === 'set') {
      try {
        await SETTINGS[name!]!.set(door, all, positionals[1]!);
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
        io.err(`${name} er ikke gemt: ${e.fields.length ? e.fields.map((f) => f.message).join(' ') : e.message}\n`);
        return 1;
      }
      all = await readAll(door);
    }
    const names = name ? [name] : Object.keys(SETTINGS);
    if (format === 'json') io.out(`${JSON.stringify(Object.fromEntries(names.map((n) => [n, SETTINGS[n]!.get(all)])), null, 2)}\n`);
    else io.out(table([['Navn', 'Værdi', 'Hvad'], ...names.map((n) => [n, SETTINGS[n]!.get(all) || '(ikke sat)', SETTINGS[n]!.about])]));
    return 0;
  } finally {
    door.close();
  }
}
