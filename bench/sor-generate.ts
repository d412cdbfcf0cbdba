// A national-size SOR extract for the benchmark: about 100 kommuner with plejehjem, opholdstyper, hjemmepleje and
// helhedsplejeleverandørsteder, and 60,000 private owners (clinics, practices), about 250 MB of SOR XML v2.
// Invented data with valid-looking ids; written as a stream.

import fs from 'node:fs';
import { verhoeffCheckDigit } from '../schemas/codes.ts';

let next = 1000;
function sorId(): string {
  const body = `${next++}100001600`;
  return body + verhoeffCheckDigit(body);
}

const NS =
  'xmlns:sor1="urn:oio:sundhedsstyrelsen:organisation:1.0.0" xmlns:xkom="http://rep.oio.dk/xkom.dk/xml/schemas/2006/01/06/" xmlns:dkcc="http://rep.oio.dk/ebxml/xml/schemas/dkcc/2003/02/13/" xmlns:dkcc2005="http://rep.oio.dk/ebxml/xml/schemas/dkcc/2005/03/15/" xmlns:cpr="http://rep.oio.dk/cpr.dk/xml/schemas/core/2005/03/18/" xmlns:xkom1="http://rep.oio.dk/xkom.dk/xml/schemas/2005/03/15/" xmlns="urn:oio:nsi:2.0.0"';

function address(tag: string, street: string, no: number, post: number, kommune: string): string {
  return `<${tag}><xkom:AddressPostal><dkcc2005:StreetName>${street}</dkcc2005:StreetName><dkcc:StreetBuildingIdentifier>${no}</dkcc:StreetBuildingIdentifier><dkcc2005:PostCodeIdentifier>${post}</dkcc2005:PostCodeIdentifier><dkcc2005:DistrictName>By ${post}</dkcc2005:DistrictName><dkcc:CountryIdentificationCode scheme="iso3166-alpha2">DK</dkcc:CountryIdentificationCode></xkom:AddressPostal><cpr:MunicipalityCode>${kommune}</cpr:MunicipalityCode></${tag}>\n`;
}
const virtual = (n: string) =>
  `<sor1:VirtualAddressInformation><xkom1:EmailAddressIdentifier>${n}@eksempel.dk</xkom1:EmailAddressIdentifier><sor1:Website>https://${n}.eksempel.dk</sor1:Website><sor1:TelephoneNumberIdentifier>70000000</sor1:TelephoneNumberIdentifier><sor1:FaxNumberIdentifier>70000001</sor1:FaxNumberIdentifier></sor1:VirtualAddressInformation>\n`;
const status =
  '<sor1:SorStatus><sor1:FromDate>2010-01-01</sor1:FromDate><sor1:UpdatedAt>2020-01-01</sor1:UpdatedAt><sor1:FirstFromDate>2010-01-01</sor1:FirstFromDate></sor1:SorStatus>\n';
const ean =
  '<EanLocationCodeOption><EntityInheritanceIndicator>true</EntityInheritanceIndicator></EanLocationCodeOption>\n<GeographicalParent><GeographicalParentRelation>1</GeographicalParentRelation></GeographicalParent>\n';

function unit(name: string, type: string, street: string, no: number, post: number, kommune: string, inner = ''): string {
  const id = sorId();
  return `<OrganizationalUnitEntity>\n<OrganizationalUnit>\n<sor1:SorIdentifier>${id}</sor1:SorIdentifier>\n<sor1:EntityName>${name}</sor1:EntityName>\n<EntityTypeIdentifier>${type}</EntityTypeIdentifier>\n${ean}${address('VisitingAddressInformation', street, no, post, kommune)}${address('PostalAddressInformation', street, no, post, kommune)}${virtual(`u${id}`)}${status}</OrganizationalUnit>\n${inner}</OrganizationalUnitEntity>\n`;
}

export async function generateSor(file: string, kommuner = 100, privates = 60_000): Promise<number> {
  const out = fs.createWriteStream(file);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r())));
  await write(
    `<?xml version="1.0" encoding="utf-8"?>\n<SorTree ${NS}>\n<sor1:CreatedAtTime>2026-11-01T01:00:00+01:00</sor1:CreatedAtTime>\n<sor1:SnapshotDate>2026-11-01</sor1:SnapshotDate>\n`,
  );
  for (let k = 0; k < kommuner; k++) {
    const kode = String(101 + k * 8).padStart(4, '0');
    let s = `<InstitutionOwnerEntity>\n<InstitutionOwner>\n<sor1:SorIdentifier>${sorId()}</sor1:SorIdentifier>\n<sor1:EntityName>Kommune ${k}</sor1:EntityName>\n<EntityTypeIdentifier>547211000005108</EntityTypeIdentifier>\n${address('PostalAddressInformation', 'Rådhuspladsen', 1, 1000 + k, kode)}${virtual(`kommune${k}`)}${status}</InstitutionOwner>\n`;
    s += `<HealthInstitutionEntity>\n<HealthInstitution>\n<sor1:SorIdentifier>${sorId()}</sor1:SorIdentifier>\n<sor1:EntityName>Sundhed og Omsorg ${k}</sor1:EntityName>\n<EntityTypeIdentifier>554041000005106</EntityTypeIdentifier>\n${ean}${status}</HealthInstitution>\n`;
    for (let p = 0; p < 30; p++) {
      s += unit(
        `Plejecenter ${k}-${p}`,
        '42665001',
        `Plejevej`,
        p + 1,
        1000 + k,
        kode,
        unit('Permanente boliger', '990000000000101', 'Plejevej', p + 1, 1000 + k, kode) +
          (p % 3 === 0 ? unit('Midlertidige pladser', '990000000000102', 'Plejevej', p + 1, 1000 + k, kode) : ''),
      );
    }
    for (let h = 0; h < 20; h++) {
      s += unit(
        `Hjemmeplejen ${k}-${h}`,
        '990000000000104',
        'Hjemmevej',
        h + 1,
        1000 + k,
        kode,
        unit(`Hjemmeplejegruppe ${k}-${h}`, '554821000005109', 'Hjemmevej', h + 1, 1000 + k, kode),
      );
    }
    s += '</HealthInstitutionEntity>\n</InstitutionOwnerEntity>\n';
    await write(s);
  }
  for (let i = 0; i < privates; i++) {
    const kode = String(101 + (i % kommuner) * 8).padStart(4, '0');
    let s = `<InstitutionOwnerEntity>\n<InstitutionOwner>\n<sor1:SorIdentifier>${sorId()}</sor1:SorIdentifier>\n<sor1:EntityName>Privat ejer ${i}</sor1:EntityName>\n<EntityTypeIdentifier>550891000005100</EntityTypeIdentifier>\n${address('PostalAddressInformation', 'Klinikvej', i % 200, 2000 + (i % 900), kode)}${virtual(`ejer${i}`)}${status}</InstitutionOwner>\n`;
    s += `<HealthInstitutionEntity>\n<HealthInstitution>\n<sor1:SorIdentifier>${sorId()}</sor1:SorIdentifier>\n<sor1:EntityName>Klinik ${i}</sor1:EntityName>\n<EntityTypeIdentifier>394761003</EntityTypeIdentifier>\n${ean}${status}</HealthInstitution>\n`;
    s += unit(
      `Klinik ${i}`,
      '550621000005101',
      'Klinikvej',
      i % 200,
      2000 + (i % 900),
      kode,
      i % 2 === 0 ? unit(`Afdeling ${i}`, '550621000005101', 'Klinikvej', i % 200, 2000 + (i % 900), kode) : '',
    );
    s += '</HealthInstitutionEntity>\n</InstitutionOwnerEntity>\n';
    await write(s);
  }
  await write('</SorTree>\n');
  await new Promise<void>((r) => out.end(() => r()));
  return fs.statSync(file).size;
}
