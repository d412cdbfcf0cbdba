// Migration 5: the SOR checks made, so a new check of the same kommune says which findings are new and which were fixed.
export default `
CREATE TABLE sor_check (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  file_name   TEXT NOT NULL,
  scope_key   TEXT NOT NULL,
  scope_name  TEXT NOT NULL,
  check_date  TEXT NOT NULL,
  findings    TEXT NOT NULL
) STRICT;
CREATE INDEX sor_check_scope ON sor_check (scope_key, id);
`;
