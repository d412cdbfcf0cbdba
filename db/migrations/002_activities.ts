// Migration 2: forløb, ydelser, the SKS code list, import batches; places created by an import are flagged.
export default `
ALTER TABLE place ADD COLUMN needs_completion INTEGER NOT NULL DEFAULT 0 CHECK (needs_completion IN (0, 1));

CREATE TABLE forloeb (
  id                 INTEGER PRIMARY KEY,
  cpr                TEXT NOT NULL CHECK (length(cpr) = 10),
  citizen_name       TEXT NOT NULL DEFAULT '',
  gop_type           TEXT NOT NULL CHECK (gop_type IN ('almen_basal', 'almen_avanceret', 'specialiseret',
                                                       'rehabilitering_specialiseret')),
  discharge_date     TEXT,
  gop_received_date  TEXT,
  later_start_date   TEXT,
  status             TEXT NOT NULL DEFAULT 'aktiv' CHECK (status IN ('aktiv', 'afsluttet')),
  end_date           TEXT,
  end_reason         TEXT CHECK (end_reason IN ('ikke_behov_borger', 'ikke_behov_fagperson', 'aktivt_fravalg',
                                                'haendelse_ophoer', 'udeblevet')),
  created_at         TEXT NOT NULL,
  updated_at         TEXT NOT NULL
) STRICT;
CREATE INDEX forloeb_cpr ON forloeb (cpr, discharge_date);
CREATE INDEX forloeb_open ON forloeb (status, discharge_date);

CREATE TABLE import_batch (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  imported    INTEGER NOT NULL,
  rejected    INTEGER NOT NULL,
  duplicates  INTEGER NOT NULL
) STRICT;

CREATE TABLE ydelse (
  id             INTEGER PRIMARY KEY,
  forloeb_id     INTEGER REFERENCES forloeb (id),
  cpr            TEXT NOT NULL CHECK (length(cpr) = 10),
  dato           TEXT NOT NULL CHECK (dato GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
  ydelseskode    TEXT NOT NULL,
  tillaegskoder  TEXT NOT NULL DEFAULT '',
  place_id       INTEGER REFERENCES place (id),
  hjemme         INTEGER NOT NULL DEFAULT 0 CHECK (hjemme IN (0, 1)),
  ekstern_id     TEXT,
  import_id      INTEGER REFERENCES import_batch (id),
  deleted_at     TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX ydelse_dato ON ydelse (dato, id);
CREATE INDEX ydelse_cpr ON ydelse (cpr, dato);
CREATE INDEX ydelse_place ON ydelse (place_id, dato);
CREATE INDEX ydelse_kode ON ydelse (ydelseskode, dato);
CREATE INDEX ydelse_forloeb ON ydelse (forloeb_id, dato);
CREATE UNIQUE INDEX ydelse_ekstern ON ydelse (ekstern_id) WHERE ekstern_id IS NOT NULL;

CREATE TABLE sks_code (
  code        TEXT NOT NULL,
  text        TEXT NOT NULL DEFAULT '',
  valid_from  TEXT NOT NULL,
  valid_to    TEXT,
  PRIMARY KEY (code, valid_from)
) STRICT;

CREATE TABLE sks_list (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  file_name  TEXT NOT NULL,
  loaded_at  TEXT NOT NULL,
  actor      TEXT NOT NULL,
  count      INTEGER NOT NULL
) STRICT;
`;
