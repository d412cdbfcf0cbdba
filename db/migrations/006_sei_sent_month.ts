// Migration 6: what was sent to SEI is kept as one row per month (the whole state as text) instead of one row per
// record: an export of a large month wrote 100,000 rows, which took most of its time. A ydelse moved to another month
// is noted for the month it left, so the overview still sees that month as changed since its export. The date index
// carries every column the export reads, so a month's rows are read from the index alone (in date order, not from
// pages spread over the whole table).
export default `
DROP INDEX ydelse_dato;
CREATE INDEX ydelse_dato ON ydelse (dato, id, cpr, ydelseskode, tillaegskoder, hjemme, place_id, uid, deleted_at);

CREATE TABLE sei_sent_month (
  month      TEXT PRIMARY KEY,
  export_id  INTEGER NOT NULL REFERENCES sei_export (id),
  -- UTF-8, one line per record: ydelse id, record id, action, content, separated by tabs (services/sei-sent.ts)
  records    BLOB NOT NULL
) STRICT;
INSERT INTO sei_sent_month (month, export_id, records)
  SELECT month, max(export_id), CAST(group_concat(ydelse_id || char(9) || uid || char(9) || action || char(9) || content, char(10)) AS BLOB)
  FROM (SELECT * FROM sei_sent ORDER BY month, ydelse_id)
  GROUP BY month;
DROP TABLE sei_sent;

CREATE TABLE ydelse_moved (
  month  TEXT PRIMARY KEY,
  at     TEXT NOT NULL
) STRICT;
CREATE TRIGGER ydelse_moved_out AFTER UPDATE OF dato ON ydelse
  WHEN substr(old.dato, 1, 7) <> substr(new.dato, 1, 7)
BEGIN
  INSERT INTO ydelse_moved (month, at) VALUES (substr(old.dato, 1, 7), new.updated_at)
    ON CONFLICT (month) DO UPDATE SET at = max(at, excluded.at);
END;
`;
