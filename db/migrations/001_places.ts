// Migration 1: places (steder) and the change history.
export default `
CREATE TABLE place (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL CHECK (length(trim(name)) > 0),
  type            TEXT NOT NULL CHECK (type IN ('plejehjem', 'genoptraeningscenter', 'sundhedscenter',
                                                'fysioterapiklinik', 'andet')),
  type_other      TEXT NOT NULL DEFAULT '',
  owner           TEXT NOT NULL CHECK (owner IN ('kommunal', 'privat_med_aftale')),
  street          TEXT NOT NULL DEFAULT '',
  postal_code     TEXT NOT NULL DEFAULT '',
  city            TEXT NOT NULL DEFAULT '',
  phone           TEXT NOT NULL DEFAULT '',
  email           TEXT NOT NULL DEFAULT '',
  web             TEXT NOT NULL DEFAULT '',
  note            TEXT NOT NULL DEFAULT '',
  code_type       TEXT CHECK (code_type IN ('SOR', 'SHAK', 'YDER')),
  code_value      TEXT,
  active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  search_text     TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  deactivated_at  TEXT,
  CHECK ((code_type IS NULL) = (code_value IS NULL))
) STRICT;

-- Two active places cannot share an institution code (an inactive one may, e.g. a reused ydernummer).
CREATE UNIQUE INDEX place_active_code ON place (code_type, code_value) WHERE active = 1 AND code_type IS NOT NULL;
CREATE INDEX place_code ON place (code_type, code_value);

-- Who changed what and when, for every record of the app (entity names the table).
CREATE TABLE audit_log (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  entity     TEXT NOT NULL,
  entity_id  INTEGER NOT NULL,
  action     TEXT NOT NULL,
  changes    TEXT NOT NULL DEFAULT '[]'
) STRICT;
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id, id);
`;
