// The national FHIR report to KL Gateway: what waits and what blocks, the delivery file, and the report's settings.

import { z } from 'zod';
import { FSIII_INTERVENTIONS, type FsiiiIntervention } from '../kl-gateway.ts';
import { Delivered, IsoDay } from './shapes.ts';

const sorOrEmpty = z
  .string()
  .trim()
  .refine((v) => v === '' || /^\d{11,18}$/.test(v), 'En SOR-kode har 11 til 18 cifre.');
const FSIII_KEYS = Object.keys(FSIII_INTERVENTIONS) as [FsiiiIntervention, ...FsiiiIntervention[]];

export const KlSettingsSchema = z
  .object({
    kommuneSor: sorOrEmpty,
    performerSor: sorOrEmpty,
    contactStart: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Skriv tidspunktet TT:MM, fx 09:00.'),
    contactMinutes: z.number().int().min(5, 'Mindst 5 minutter.').max(480, 'Højst 480 minutter.'),
    holdCodes: z.array(z.string().trim().toUpperCase().max(10)).max(50),
    interventionBySks: z.record(z.string().max(10), z.enum(FSIII_KEYS)),
    defaultIntervention: z.enum(FSIII_KEYS),
  })
  .strict();

export const KlDelivery = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  fileName: z.string(),
  until: z.string(),
  citizens: z.number(),
  reports: z.number(),
  resources: z.number(),
  sha256: z.string(),
});
const Blocked = z.array(z.object({ cpr: z.string(), problems: z.array(z.string()) }));

export const klCalls = {
  'kl.status': {
    summary:
      'KL Gateway: den seneste leverance, og, når der bedes om det (check), hvor mange borgere der venter, hvad der blokerer hvem, og steder uden SOR-kode (alle rapporter dannes og kontrolleres: nogle sekunder i en stor kommune).',
    args: z.object({ check: z.boolean().default(false) }).strict(),
    result: z.object({
      last: KlDelivery.nullable(),
      checked: z
        .object({
          waitingCitizens: z.number(),
          waitingReports: z.number(),
          blocked: Blocked,
          placesWithoutSor: z.array(z.string()),
        })
        .nullable(),
    }),
  },
  'kl.export': {
    summary:
      'Danner leverancen til KL Gateway (FHIR, JSON) med alt, der ikke er leveret, til og med dagen: én rapport pr. borger og dag, kontrolleret mod guidens profiler før den skrives. Null, hvis brugeren fortryder.',
    args: z.object({ until: IsoDay.nullable().default(null) }).strict(),
    result: z
      .object({
        deliveryId: z.number(),
        fileName: z.string(),
        sha256: z.string(),
        citizens: z.number(),
        reports: z.number(),
        resources: z.number(),
        blocked: Blocked,
        waiting: z.number(),
        ...Delivered.shape,
      })
      .nullable(),
  },
  'kl.settings.get': { summary: 'KL Gateway-indberetningens indstillinger.', args: z.object({}).strict(), result: KlSettingsSchema },
  'kl.settings.set': { summary: 'Gemmer KL Gateway-indberetningens indstillinger.', args: KlSettingsSchema, result: KlSettingsSchema },
} as const;
