// Migration 13: a ydelse's date and CPR number are kept as integers in the SQLite file (db/ydelse-values.ts): a date as
// its day number since 1970-01-01, a CPR number as its ten digits' value. As ten-character texts in the table and four
// of its indexes they were a third of the file (issue 16: a million imported ydelser took 192 MiB, 3.2 times their CSV
// file; now ~138 MiB). Every read of db/ gives them back as text. A column's type cannot be changed in SQLite: the
// table is made again (new table, copy, drop, rename), with its indexes and the trigger of migration 6, whose month is
// now worked out from the day number.
const TEN_DIGITS = '[0-9]'.repeat(10);

export default `
CREATE TABLE ydelse_new (
  id             INTEGER PRIMARY KEY,
  forloeb_id     INTEGER REFERENCES forloeb (id),
  cpr            INTEGER NOT NULL CHECK (cpr BETWEEN 0 AND 9999999999),
  dato           INTEGER NOT NULL CHECK (dato BETWEEN -719162 AND 2932896),
  ydelseskode    TEXT NOT NULL,
  tillaegskoder  TEXT NOT NULL DEFAULT '',
  place_id       INTEGER REFERENCES place (id),
  hjemme         INTEGER NOT NULL DEFAULT 0 CHECK (hjemme IN (0, 1)),
  ekstern_id     TEXT,
  import_id      INTEGER REFERENCES import_batch (id),
  deleted_at     TEXT,
  -- NULL: the time of its import batch (created) / not changed since it was created (updated)
  created_at     TEXT CHECK (created_at IS NOT NULL OR import_id IS NOT NULL),
  updated_at     TEXT,
  uid            TEXT,
  start_time     TEXT CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  end_time       TEXT CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  contact_class  TEXT CHECK (contact_class IN ('AMB', 'HH', 'skaerm', 'telefon'))
) STRICT;
-- a text that is not ten digits, or not a date that exists, would be made a wrong number without a word (CAST reads
-- '010190-000' as 10190; SQLite's dates read 2026-02-30 as 2 March): the first such row stops the migration, named by
-- its number (its CPR number is not shown), and the database is left as it was. Looked for before the copy (~0.3 s of a
-- million rows; a trigger on every row copied took ~2 s)
CREATE TEMP TABLE ydelse_unconvertible (id INTEGER, why TEXT);
CREATE TEMP TRIGGER ydelse_unconvertible_stops BEFORE INSERT ON ydelse_unconvertible
BEGIN
  SELECT RAISE(ABORT, 'ydelse nr. ' || new.id || ' har ' || new.why);
END;
INSERT INTO ydelse_unconvertible (id, why)
  SELECT id, CASE WHEN cpr GLOB '${TEN_DIGITS}' THEN 'en dato, der ikke findes' ELSE 'et CPR-nummer, der ikke er ti cifre' END
  FROM ydelse WHERE NOT (cpr GLOB '${TEN_DIGITS}') OR date(dato) IS NOT dato
  ORDER BY id LIMIT 1;
DROP TABLE ydelse_unconvertible;
INSERT INTO ydelse_new (id, forloeb_id, cpr, dato, ydelseskode, tillaegskoder, place_id, hjemme, ekstern_id, import_id, deleted_at,
                        created_at, updated_at, uid, start_time, end_time, contact_class)
  SELECT id, forloeb_id, CAST(cpr AS INTEGER), unixepoch(dato) / 86400, ydelseskode, tillaegskoder, place_id, hjemme, ekstern_id,
         import_id, deleted_at, created_at, updated_at, uid, start_time, end_time, contact_class
  FROM ydelse ORDER BY id;
DROP TABLE ydelse;
ALTER TABLE ydelse_new RENAME TO ydelse;
CREATE INDEX ydelse_dato ON ydelse (dato, id, cpr, ydelseskode, tillaegskoder, hjemme, place_id, uid, deleted_at);
CREATE INDEX ydelse_cpr ON ydelse (cpr, dato);
CREATE INDEX ydelse_place ON ydelse (place_id, dato);
CREATE INDEX ydelse_kode ON ydelse (ydelseskode, dato);
CREATE INDEX ydelse_forloeb ON ydelse (forloeb_id, dato) WHERE forloeb_id IS NOT NULL;
CREATE UNIQUE INDEX ydelse_ekstern ON ydelse (ekstern_id) WHERE ekstern_id IS NOT NULL;
CREATE UNIQUE INDEX ydelse_uid ON ydelse (uid) WHERE uid IS NOT NULL;
CREATE INDEX ydelse_deleted ON ydelse (dato, place_id) WHERE deleted_at IS NOT NULL;
CREATE TRIGGER ydelse_moved_out AFTER UPDATE OF dato ON ydelse
  WHEN strftime('%Y-%m', old.dato * 86400, 'unixepoch') <> strftime('%Y-%m', new.dato * 86400, 'unixepoch')
BEGIN
  INSERT INTO ydelse_moved (month, at) VALUES (strftime('%Y-%m', old.dato * 86400, 'unixepoch'), new.updated_at)
    ON CONFLICT (month) DO UPDATE SET at = max(at, excluded.at);
END;
`;

// PostgreSQL keeps both as text (its rows are not the desktop's file)
export const pg = `
-- nothing: PostgreSQL keeps a ydelse's date and CPR number as text
`;
