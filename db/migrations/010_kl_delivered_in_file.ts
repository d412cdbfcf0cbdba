// Migration 10: a resource delivered to KL Gateway is kept once, in the delivery's own file (kl_delivery.file), not
// also as its own JSON in kl_delivered: `resource` may be empty (NULL), and is then read from the file of the delivery
// that last sent it, when it must be sent again as entered-in-error. A first delivery of a large kommune wrote its
// 120 MB twice. Rows written by earlier versions keep their JSON and are read as before.

export default `
CREATE TABLE kl_delivered_new (
  resource_key TEXT PRIMARY KEY,
  cpr          TEXT NOT NULL,
  hash         TEXT NOT NULL,
  resource     TEXT,
  delivery_id  INTEGER NOT NULL REFERENCES kl_delivery (id)
) STRICT;
INSERT INTO kl_delivered_new (resource_key, cpr, hash, resource, delivery_id)
  SELECT resource_key, cpr, hash, resource, delivery_id FROM kl_delivered;
DROP TABLE kl_delivered;
ALTER TABLE kl_delivered_new RENAME TO kl_delivered;
`;

export const pg = `
ALTER TABLE kl_delivered ALTER COLUMN resource DROP NOT NULL;
`;
