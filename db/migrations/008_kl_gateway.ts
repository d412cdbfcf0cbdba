// Migration 8: what the KL Gateway report needs beyond the SEI file (../shared/domain/kl-gateway-rehab.md, "Not
// recorded today but needed"), and what was delivered, so the next delivery sends only what changed.
// - forloeb: the SOR code of the hospital unit that sent the GGOP, the date the first contact was offered, why there
//   was no contact within seven days (the guide's status reasons), the care plan category, and whether the citizen
//   has died; a ydelse: its start and end time and its contact class (empty: the defaults of the settings, and HH for
//   training in the home, AMB elsewhere).
// - kl_delivery: each delivery file made (kept gzip-compressed, like the SEI files), with its counts.
// - kl_delivered: per FHIR resource (by its stable key), the citizen, the hash and the JSON of what was sent, and the
//   delivery; a resource whose hash is unchanged is not sent again, and one no longer made is sent entered-in-error.
export default `
ALTER TABLE forloeb ADD COLUMN ggop_sender_sor TEXT;
ALTER TABLE forloeb ADD COLUMN first_contact_offered TEXT;
ALTER TABLE forloeb ADD COLUMN no_contact_reason TEXT CHECK (no_contact_reason IN ('udskudt', 'anden_kommune', 'frit_valg', 'fejl', 'frit_valg_afslaaet'));
ALTER TABLE forloeb ADD COLUMN care_plan_category TEXT NOT NULL DEFAULT 'interventionsforloeb'
  CHECK (care_plan_category IN ('interventionsforloeb', 'opfoelgningsforloeb'));
ALTER TABLE forloeb ADD COLUMN deceased INTEGER NOT NULL DEFAULT 0 CHECK (deceased IN (0, 1));
ALTER TABLE ydelse ADD COLUMN start_time TEXT CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]');
ALTER TABLE ydelse ADD COLUMN end_time TEXT CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]');
ALTER TABLE ydelse ADD COLUMN contact_class TEXT CHECK (contact_class IN ('AMB', 'HH', 'skaerm', 'telefon'));

CREATE TABLE kl_delivery (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  until       TEXT NOT NULL,
  citizens    INTEGER NOT NULL,
  reports     INTEGER NOT NULL,
  resources   INTEGER NOT NULL,
  sha256      TEXT NOT NULL,
  file        BLOB NOT NULL
) STRICT;

CREATE TABLE kl_delivered (
  resource_key TEXT PRIMARY KEY,
  cpr          TEXT NOT NULL,
  hash         TEXT NOT NULL,
  resource     TEXT NOT NULL,
  delivery_id  INTEGER NOT NULL REFERENCES kl_delivery (id)
) STRICT;
`;
