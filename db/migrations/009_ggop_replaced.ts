// Migration 9: a GGOP replaced by a newer one from the hospital (KL Gateway: the new ServiceRequest `replaces` the old,
// which is sent again as `revoked`, ../shared/domain/kl-gateway-rehab.md). The forløb keeps the GGOP in force; each
// GGOP it replaced is kept here as it stood, in order, with who replaced it and when.

import { PG_COLUMN } from '../pg/schema.ts';

export default `
CREATE TABLE ggop_replaced (
  id                 INTEGER PRIMARY KEY,
  forloeb_id         INTEGER NOT NULL REFERENCES forloeb (id),
  gop_type           TEXT NOT NULL CHECK (gop_type IN ('almen_basal', 'almen_avanceret', 'specialiseret',
                                                       'rehabilitering_specialiseret')),
  discharge_date     TEXT,
  gop_received_date  TEXT,
  ggop_sender_sor    TEXT,
  replaced_at        TEXT NOT NULL,
  replaced_by        TEXT NOT NULL
) STRICT;
CREATE INDEX ggop_replaced_forloeb ON ggop_replaced (forloeb_id, id);
`;

export const pg = `
CREATE TABLE ggop_replaced (
  id                 ${PG_COLUMN.ID},
  forloeb_id         bigint NOT NULL REFERENCES forloeb (id),
  gop_type           text NOT NULL CHECK (gop_type IN ('almen_basal', 'almen_avanceret', 'specialiseret',
                                                       'rehabilitering_specialiseret')),
  discharge_date     text CHECK (discharge_date ${PG_COLUMN.DATE}),
  gop_received_date  text CHECK (gop_received_date ${PG_COLUMN.DATE}),
  ggop_sender_sor    text,
  replaced_at        text NOT NULL,
  replaced_by        text NOT NULL
);
CREATE INDEX ggop_replaced_forloeb ON ggop_replaced (forloeb_id, id);
CREATE TRIGGER ggop_replaced_actor BEFORE INSERT OR UPDATE ON ggop_replaced FOR EACH ROW EXECUTE FUNCTION set_actor('replaced_by');
`;
