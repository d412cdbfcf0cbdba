// Who may do what in a kommune's shared database, enforced by the server (GRANTs), not only by the window.
// Therapists record (places, forløb, ydelser, CSV imports, SOR-code applications); administrators also export to SEI
// and KL Gateway, mark months submitted, run the SOR-kontrol, load the SKS list and change the settings. Nobody but
// the schema's owner may change or delete the history.

export const ROLES = {
  therapist: 'sei_terapeut',
  administrator: 'sei_administrator',
} as const;

export type Role = keyof typeof ROLES;

type Privilege = 'SELECT' | 'INSERT' | 'UPDATE' | 'DELETE';

const READ: Privilege[] = ['SELECT'];
const RECORD: Privilege[] = ['SELECT', 'INSERT', 'UPDATE'];
const APPEND: Privilege[] = ['SELECT', 'INSERT'];
const ALL: Privilege[] = ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];

/**
 * Per table, what each role may do. An administrator is also a therapist (granted the therapist role), so her column
 * lists only what she may do beyond it. Every table of the schema must be here (a test checks it).
 */
export const TABLE_PRIVILEGES: Readonly<Record<string, { therapist: Privilege[]; administrator: Privilege[] }>> = {
  sei_schema: { therapist: READ, administrator: READ },
  place: { therapist: RECORD, administrator: RECORD },
  audit_log: { therapist: APPEND, administrator: APPEND },
  forloeb: { therapist: RECORD, administrator: RECORD },
  ggop_replaced: { therapist: APPEND, administrator: APPEND }, // what a GGOP was when replaced is kept as it was
  import_batch: { therapist: RECORD, administrator: RECORD }, // a batch's counts are written when it is done
  ydelse: { therapist: RECORD, administrator: RECORD },
  sks_code: { therapist: READ, administrator: ALL },
  sks_list: { therapist: READ, administrator: ALL },
  app_meta: { therapist: READ, administrator: ALL },
  sei_export: { therapist: READ, administrator: APPEND },
  sei_month: { therapist: READ, administrator: ALL },
  sor_request: { therapist: RECORD, administrator: RECORD },
  sor_check: { therapist: READ, administrator: APPEND },
  sei_sent_month: { therapist: READ, administrator: ALL },
  ydelse_moved: { therapist: READ, administrator: ALL },
  kl_delivery: { therapist: READ, administrator: APPEND },
  kl_delivered: { therapist: READ, administrator: ALL },
};

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The GRANT statements for the schema (roles must exist). */
export function grantStatements(schema: string): string[] {
  const s = ident(schema);
  const out = [
    `GRANT ${ROLES.therapist} TO ${ROLES.administrator}`,
    `GRANT USAGE ON SCHEMA ${s} TO ${ROLES.therapist}`,
    `GRANT USAGE ON ALL SEQUENCES IN SCHEMA ${s} TO ${ROLES.therapist}`,
  ];
  for (const [table, p] of Object.entries(TABLE_PRIVILEGES)) {
    out.push(`GRANT ${p.therapist.join(', ')} ON ${s}.${ident(table)} TO ${ROLES.therapist}`);
    const extra = p.administrator.filter((x) => !p.therapist.includes(x));
    if (extra.length > 0) out.push(`GRANT ${extra.join(', ')} ON ${s}.${ident(table)} TO ${ROLES.administrator}`);
  }
  return out;
}

export { ident as quoteIdent };

/** What a user is told when the server refuses her by her role. */
export const ROLE_REFUSAL =
  `Din databasebruger har ikke ret til dette. Eksport til SEI og KL Gateway, indberetning, SOR-kontrol, SKS-listen og ` +
  `indstillinger kræver rollen ${ROLES.administrator}; bed kommunens databaseadministrator om den. Intet er gemt.`;

/**
 * PostgreSQL's "insufficient privilege": the server refused by the roles above. The driver's own error carries it as
 * `code`, the store's (sync-database.ts, which gives `code` SQLite's names) as `pgCode`.
 */
export function isRefusedByRole(e: unknown): boolean {
  const err = e as { code?: string; pgCode?: string } | null;
  return err?.pgCode === '42501' || err?.code === '42501';
}
