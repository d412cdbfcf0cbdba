// Migration 11: a ydelse takes less room (issue 16: a million imported ydelser took 4.3 times their CSV file).
// - A ydelse an import added keeps no time of its own: created_at and updated_at are NULL until it is changed, and its
//   time is its import batch's (import_batch.at, read by YDELSE_CREATED_AT / YDELSE_CHANGED_AT in db/ydelser.ts). Two
//   24-character times per row said nothing the batch does not (46 MB of a million rows).
// - The forløb index holds only the ydelser that have a forløb: the forløb's own list is its only user, and imported
//   ydelser have none (19 MB of a million rows, every entry NULL).
// - The deleted ydelser get a small index of their own (SQLite): the start page's chart counts every ydelse of a place
//   from the place index and takes the deleted ones off (db/ydelser.ts, countsPerMonthAndPlace).
// SQLite cannot drop NOT NULL from a column: the table is made again (the documented way: new table, copy, drop,
// rename), with its indexes and the trigger of migration 6.
export default `
CREATE TABLE ydelse_new (
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
  -- NULL: the time of its import batch (created) / not changed since it was created (updated)
  created_at     TEXT CHECK (created_at IS NOT NULL OR import_id IS NOT NULL),
  updated_at     TEXT,
  uid            TEXT,
  start_time     TEXT CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  end_time       TEXT CHECK (end_time GLOB '[0-2][0-9]:[0-5][0-9]'),
  contact_class  TEXT CHECK (contact_class IN ('AMB', 'HH', 'skaerm', 'telefon'))
) STRICT;
INSERT INTO ydelse_new (id, forloeb_id, cpr, dato, ydelseskode, tillaegskoder, place_id, hjemme, ekstern_id, import_id, deleted_at,
                        created_at, updated_at, uid, start_time, end_time, contact_class)
  SELECT y.id, y.forloeb_id, y.cpr, y.dato, y.ydelseskode, y.tillaegskoder, y.place_id, y.hjemme, y.ekstern_id, y.import_id, y.deleted_at,
         CASE WHEN b.at = y.created_at THEN NULL ELSE y.created_at END,
         CASE WHEN y.updated_at = y.created_at THEN NULL ELSE y.updated_at END,
         y.uid, y.start_time, y.end_time, y.contact_class
  FROM ydelse y LEFT JOIN import_batch b ON b.id = y.import_id
  ORDER BY y.id;
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
  WHEN substr(old.dato, 1, 7) <> substr(new.dato, 1, 7)
BEGIN
  INSERT INTO ydelse_moved (month, at) VALUES (substr(old.dato, 1, 7), new.updated_at)
    ON CONFLICT (month) DO UPDATE SET at = max(at, excluded.at);
END;
`;

export const pg = `
ALTER TABLE ydelse ALTER COLUMN created_at DROP NOT NULL, ALTER COLUMN updated_at DROP NOT NULL,
  ADD CONSTRAINT ydelse_created_known CHECK (created_at IS NOT NULL OR import_id IS NOT NULL);
UPDATE ydelse y SET created_at = CASE WHEN b.at = y.created_at THEN NULL ELSE y.created_at END,
                    updated_at = CASE WHEN y.updated_at = y.created_at THEN NULL ELSE y.updated_at END
  FROM import_batch b WHERE b.id = y.import_id AND (b.at = y.created_at OR y.updated_at = y.created_at);
UPDATE ydelse SET updated_at = NULL WHERE import_id IS NULL AND updated_at = created_at;
DROP INDEX ydelse_forloeb;
CREATE INDEX ydelse_forloeb ON ydelse (forloeb_id, dato) WHERE forloeb_id IS NOT NULL;
`;
