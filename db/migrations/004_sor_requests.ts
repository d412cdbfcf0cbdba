// Migration 4: applications to SORpost for a SOR code (or a change), with their state until the code arrives.
export default `
CREATE TABLE sor_request (
  id             INTEGER PRIMARY KEY,
  place_id       INTEGER NOT NULL REFERENCES place (id),
  kind           TEXT NOT NULL CHECK (kind IN ('ny', 'aendring')),
  fields         TEXT NOT NULL,
  state          TEXT NOT NULL DEFAULT 'kladde' CHECK (state IN ('kladde', 'sendt', 'kode_modtaget')),
  sent_date      TEXT,
  received_code  TEXT,
  received_at    TEXT,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL
) STRICT;
CREATE INDEX sor_request_place ON sor_request (place_id, id);
`;
