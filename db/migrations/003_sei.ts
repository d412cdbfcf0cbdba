// Migration 3: the monthly SEI file. Stable record ids, what was sent for each record and month, the exports made,
// months marked as submitted, and the settings of the report (kommune, reporter).
export default `
CREATE TABLE app_meta (
  key    TEXT PRIMARY KEY,
  value  TEXT NOT NULL
) STRICT;
-- The prefix of this database's record ids: a record is "<installation>-<ydelse id>" unless it came from a SEI file.
INSERT INTO app_meta (key, value) VALUES ('installation_id', lower(hex(randomblob(4))));

ALTER TABLE ydelse ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX ydelse_uid ON ydelse (uid) WHERE uid IS NOT NULL;

CREATE TABLE sei_export (
  id            INTEGER PRIMARY KEY,
  month         TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]'),
  at            TEXT NOT NULL,
  actor         TEXT NOT NULL,
  file_name     TEXT NOT NULL,
  kommunekode   TEXT NOT NULL,
  records       INTEGER NOT NULL,
  new_count     INTEGER NOT NULL,
  corrections   INTEGER NOT NULL,
  cancellations INTEGER NOT NULL,
  pending       INTEGER NOT NULL,
  sha256        TEXT NOT NULL
) STRICT;
CREATE INDEX sei_export_month ON sei_export (month, id);

-- The last state sent to SEI of each record in each month: a change makes a rettelse, a deletion an annullering.
-- ydelse_id has no foreign key: ydelser are never deleted (only marked), and a lookup per row into the ydelse table
-- would slow the export of a large month by a third.
CREATE TABLE sei_sent (
  ydelse_id  INTEGER NOT NULL,
  month      TEXT NOT NULL,
  uid        TEXT NOT NULL,
  action     TEXT NOT NULL CHECK (action IN ('ny', 'rettelse', 'annullering')),
  content    TEXT NOT NULL,
  export_id  INTEGER NOT NULL REFERENCES sei_export (id),
  PRIMARY KEY (month, ydelse_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE sei_month (
  month         TEXT PRIMARY KEY,
  submitted_at  TEXT NOT NULL,
  submitted_by  TEXT NOT NULL,
  export_id     INTEGER NOT NULL REFERENCES sei_export (id)
) STRICT;
`;
