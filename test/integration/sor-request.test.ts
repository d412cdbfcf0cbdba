// Applications for a SOR code: each required field named when missing, the .eml read back by a real mail parser
// (postal-mime), the mailto: link decoded back to the same text, and the received code put on the place.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import PostalMime from 'postal-mime';
import { openDatabase } from '../../db/open.ts';
import { createForloeb } from '../../db/forloeb.ts';
import { createYdelser, listYdelser } from '../../db/ydelser.ts';
import { createPlace } from '../../db/places.ts';
import { markSorRequestSent, prefillSorRequest, saveSorRequest } from '../../db/sor-requests.ts';
import { receiveSorCode } from '../../backend/services/sor-code.ts';
import { setReportSettings } from '../../db/settings.ts';
import { ForloebInput } from '../../schemas/forloeb-ydelser.ts';
import { PlaceInput } from '../../schemas/places.ts';
import { checkSorRequest, EMPTY_FIELDS, FIELD_LABELS, mailtoLink, sorEmail, type SorRequestFields } from '../../schemas/sor-request.ts';
import { buildEml, quotedPrintable } from '../../backend/services/eml.ts';
import { sorEmailResult } from '../../backend/services/sor-email.ts';
import { placeInput, sorCode, tmpDbPath, tmpDir } from '../helpers.ts';

const FIELDS: SorRequestFields = {
  ...EMPTY_FIELDS,
  institutionName: 'Genoptræningscenter Ærøgården',
  street: 'Østergade 12',
  postalCode: '8000',
  city: 'Aarhus C',
  phone: '87 13 00 00',
  fax: '',
  email: 'aeroegaarden@aarhus.dk',
  web: 'www.aarhus.dk/aeroegaarden',
  institutionType: 'genoptraeningscenter',
  owner: 'privat_med_aftale',
  agreementWithKommune: true,
  ydernummer: '24015',
  kommunekode: '751',
  contactName: 'Åse Sørensen',
  contactEmail: 'ase@aarhus.dk',
  contactPhone: '',
};

const REQUIRED: (keyof SorRequestFields)[] = ['institutionName', 'street', 'postalCode', 'city', 'phone', 'kommunekode', 'contactName', 'contactEmail'];

describe('the application form', () => {
  test('a complete application has no problems and normalises the codes', () => {
    const r = checkSorRequest(FIELDS);
    assert.deepEqual(r.problems, []);
    assert.equal(r.fields.ydernummer, '024015');
    assert.equal(r.fields.kommunekode, '0751');
  });
  for (const field of REQUIRED) {
    test(`a missing ${FIELD_LABELS[field]} is named`, () => {
      const r = checkSorRequest({ ...FIELDS, [field]: '' });
      assert.deepEqual(r.problems, [{ field, message: `${FIELD_LABELS[field]} skal udfyldes.` }]);
    });
  }
  test('the type of institution and the ownership must be stated', () => {
    assert.deepEqual(
      checkSorRequest({ ...FIELDS, institutionType: '' }).problems.map((p) => p.field),
      ['institutionType'],
    );
    assert.match(checkSorRequest({ ...FIELDS, owner: '' }).problems[0]!.message, /kommunalt ejet eller privat/);
  });
  test('a private place must have an agreement with the kommune', () => {
    const r = checkSorRequest({ ...FIELDS, agreementWithKommune: false });
    assert.deepEqual(
      r.problems.map((p) => p.field),
      ['agreementWithKommune'],
    );
    assert.match(r.problems[0]!.message, /aftale med kommunen om at varetage genoptræning/);
    assert.deepEqual(checkSorRequest({ ...FIELDS, owner: 'kommunal', agreementWithKommune: false }).problems, []);
  });
  test('a ydernummer must be a ydernummer; a change names a valid existing SOR code and what changes', () => {
    assert.match(checkSorRequest({ ...FIELDS, ydernummer: '8341000016002' }).problems[0]!.message, /højst 6 cifre/);
    const change = checkSorRequest({ ...FIELDS, kind: 'aendring' });
    assert.deepEqual(
      change.problems.map((p) => p.field),
      ['existingSorCode', 'changes'],
    );
    assert.match(
      checkSorRequest({ ...FIELDS, kind: 'aendring', existingSorCode: '8341000016003', changes: 'Ny adresse' }).problems[0]!.message,
      /kontrolciffer/,
    );
  });
});

describe('the email', () => {
  test('the .eml, read by a real mail parser: recipient, decoded subject, every field in the body', async () => {
    const r = sorEmailResult(FIELDS, new Date('2026-11-22T10:00:00Z'));
    assert.ok(r.eml);
    const mail = await PostalMime.parse(r.eml);
    assert.deepEqual(
      mail.to?.map((a) => a.address),
      ['SORpost@sundhedsdata.dk'],
    );
    assert.equal(mail.from?.address, 'ase@aarhus.dk');
    assert.equal(mail.from?.name, 'Åse Sørensen');
    assert.equal(mail.subject, 'Ansøgning om SOR-kode: Genoptræningscenter Ærøgården, Aarhus Kommune');
    const body = mail.text!.replace(/\r\n/g, '\n');
    for (const line of [
      'Institutionens navn: Genoptræningscenter Ærøgården',
      'Adresse: Østergade 12, 8000 Aarhus C',
      'Telefonnummer: 87 13 00 00',
      'Fax: findes ikke',
      'E-mailadresse: aeroegaarden@aarhus.dk',
      'Web-adresse: www.aarhus.dk/aeroegaarden',
      'Type institution: Genoptræningscenter',
      'Ejerforhold: Privat virksomhed, der har truffet aftale med Aarhus Kommune om at varetage genoptræning',
      'Ydernummer: 024015',
    ]) {
      assert.ok(body.includes(line), `the body has "${line}"`);
    }
    assert.equal(body.trim(), r.email!.body.trim(), 'the body survives encoding exactly');
    assert.match(r.eml, /^X-Unsent: 1\r$/m, 'Outlook opens it as a draft');
    assert.equal(r.fileName, 'SOR-ansoegning-Genoptræningscenter-Ærøgården.eml');
  });

  test('a change request names the existing code in subject and body', () => {
    const e = sorEmail(checkSorRequest({ ...FIELDS, kind: 'aendring', existingSorCode: '8341000016002', changes: 'Ny adresse fra 1. januar' }).fields);
    assert.equal(e.subject, 'Ændring af SOR-kode 8341000016002: Genoptræningscenter Ærøgården, Aarhus Kommune');
    assert.match(e.body, /Eksisterende SOR-kode: 8341000016002\nHvad ændres: Ny adresse fra 1\. januar/);
  });

  test('the mailto: link decodes back to the same text; when too long it is refused, not cut', () => {
    const r = sorEmailResult(FIELDS);
    const url = new URL(r.mailto!);
    assert.equal(url.protocol, 'mailto:');
    assert.equal(url.pathname, 'SORpost@sundhedsdata.dk');
    assert.equal(decodeURIComponent(/[?&]subject=([^&]*)/.exec(r.mailto!)![1]!), r.email!.subject);
    assert.equal(decodeURIComponent(/[?&]body=([^&]*)/.exec(r.mailto!)![1]!).replace(/\r\n/g, '\n'), r.email!.body);
    const long = sorEmailResult({ ...FIELDS, kind: 'aendring', existingSorCode: '8341000016002', changes: 'Ændring af åbningstider. '.repeat(80) });
    assert.equal(long.mailto, null);
    assert.equal(long.mailtoTooLong, true);
    assert.ok(long.eml, 'the .eml is still there');
    assert.equal(mailtoLink(r.email!, 10), null);
  });

  test('quoted-printable keeps lines short and Danish letters whole', async () => {
    const text = `${'æøå '.repeat(60)}\nslut`;
    const qp = quotedPrintable(text);
    assert.ok(qp.split('\r\n').every((l) => l.length <= 76));
    const mail = await PostalMime.parse(buildEml({ fromName: '', fromEmail: 'a@b.dk', to: 'c@d.dk', subject: 'x', body: text }));
    assert.equal(mail.text!.replace(/\r\n/g, '\n').trimEnd(), text);
  });

  test('an incomplete application gives the problems, not an email', () => {
    const r = sorEmailResult({ ...FIELDS, phone: '' });
    assert.equal(r.eml, null);
    assert.deepEqual(r.problems, [{ field: 'phone', message: 'Telefonnummer skal udfyldes.' }]);
  });
});

describe('kept with its state until the code arrives', () => {
  test('draft, sent, code received: the code goes on the place and its ydelser become reportable', () => {
    const { db } = openDatabase(tmpDbPath());
    setReportSettings(db, { kommunekode: '0751', reporterName: 'Åse Sørensen', reporterEmail: 'ase@aarhus.dk' });
    const place = createPlace(db, PlaceInput.parse(placeInput({ name: 'Bakkehuset', type: 'plejehjem', code: null })), 't');
    const f = createForloeb(db, ForloebInput.parse({ cpr: '0101902001', gopType: 'almen_basal' }), 't', '2026-11-22');
    createYdelser(
      db,
      f.id,
      ['2026-11-02', '2026-11-03', '2026-11-04'],
      { ydelseskode: 'BLNB1', tillaegskoder: [], placeId: place.id, hjemme: false },
      't',
      '2026-11-22',
    );
    const blocked = (placeId: number) => listYdelser(db, { placeId, onlyNotReportable: true }, '2026-11-22').total;
    assert.equal(blocked(place.id), 3);

    const fields = prefillSorRequest(db, place);
    assert.equal(fields.institutionName, 'Bakkehuset');
    assert.equal(fields.institutionType, 'plejehjem');
    assert.equal(fields.kommunekode, '0751');
    assert.equal(fields.contactEmail, 'ase@aarhus.dk');
    const draft = saveSorRequest(db, null, place.id, fields, 't');
    assert.equal(draft.state, 'kladde');
    assert.equal(markSorRequestSent(db, draft.id, '2026-11-22', 't').state, 'sendt');
    assert.throws(() => receiveSorCode(db, draft.id, '8341000016003', 't', blocked), /kontrolciffer/);
    const got = receiveSorCode(db, draft.id, sorCode(91), 't', blocked);
    assert.equal(got.request.state, 'kode_modtaget');
    assert.deepEqual(got.place.code, { type: 'SOR', value: sorCode(91) });
    assert.equal(got.nowReportable, 3);
    assert.equal(blocked(place.id), 0);
  });
});

describe('the command line sor-request', () => {
  function cli(args: string[]) {
    const r = spawnSync(process.execPath, ['bin/sei-genoptraening.mjs', ...args], { encoding: 'utf8' });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  test('writes the .eml from the fields, exit 0', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'felter.json'), JSON.stringify(FIELDS));
    const out = path.join(dir, 'ansoegning.eml');
    const r = cli(['sor-request', '--from', path.join(dir, 'felter.json'), '--out', out, '--format', 'json']);
    assert.equal(r.code, 0, r.err + r.out);
    assert.equal(JSON.parse(r.out).to, 'SORpost@sundhedsdata.dk');
    const mail = await PostalMime.parse(fs.readFileSync(out, 'utf8'));
    assert.equal(mail.subject, 'Ansøgning om SOR-kode: Genoptræningscenter Ærøgården, Aarhus Kommune');
  });
  test('the choices may be written with Danish letters, as the help lists them', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'felter.json'), JSON.stringify({ ...FIELDS, institutionType: 'Genoptræningscenter' }));
    const r = cli(['sor-request', '--from', path.join(dir, 'felter.json'), '--out', path.join(dir, 'a.eml'), '--format', 'json']);
    assert.equal(r.code, 0, r.err + r.out);
  });
  test('missing or invalid fields: exit 1 and a Danish list naming each', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'felter.json'), JSON.stringify({ ...FIELDS, phone: '', ydernummer: 'abc', institutionName: '', farve: 'blå' }));
    const r = cli(['sor-request', '--from', path.join(dir, 'felter.json'), '--out', path.join(dir, 'x.eml')]);
    assert.equal(r.code, 1);
    assert.match(r.out, /Ansøgningen er ikke skrevet/);
    for (const m of ['Ukendt felt "farve"', 'Institutionens navn skal udfyldes', 'Telefonnummer skal udfyldes', 'Ydernummeret "abc" må kun indeholde cifre'])
      assert.ok(r.out.includes(m), m);
    assert.equal(fs.existsSync(path.join(dir, 'x.eml')), false);
  });
  test('bad usage or an unreadable file: exit 2', () => {
    const dir = tmpDir();
    assert.equal(cli(['sor-request', '--out', path.join(dir, 'x.eml')]).code, 2);
    fs.writeFileSync(path.join(dir, 'brudt.json'), '{"institutionName": ');
    const broken = cli(['sor-request', '--from', path.join(dir, 'brudt.json'), '--out', path.join(dir, 'x.eml')]);
    assert.equal(broken.code, 2);
    assert.match(broken.err, /ikke gyldig JSON/);
  });
});
