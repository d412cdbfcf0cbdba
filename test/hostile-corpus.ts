// A corpus of hostile and broken files, generated at test time (the big ones are never committed): for each reader
// (the SEI file, the SOR download, the CSV of ydelser, the SKS list), files that try XXE, entity expansion, deep
// nesting, huge or sparse sizes, wrong encodings, NUL and forbidden character references, unknown elements and
// namespaces, and truncation. Each case names what the reader must say (a Danish message matching `expect`).

import fs from 'node:fs';
import path from 'node:path';

export type Reader = 'sei' | 'sor' | 'csv' | 'sks';

export interface HostileCase {
  reader: Reader;
  name: string;
  /** Writes the file into `dir`; answers its path. */
  make(dir: string): string;
  /** What the Danish message must say (a location where the reader can give one). */
  expect: RegExp;
}

const SEI_HEAD = `<?xml version="1.0" encoding="UTF-8"?>
<GenoptraeningIndberetning xmlns="urn:dk:sei-genoptraening:indberetning:1" version="1.0">
  <Hoved>
    <Kommunekode>0751</Kommunekode>
    <Periode><Aar>2026</Aar><Maaned>11</Maaned></Periode>
    <Indberetter><Navn>Anna</Navn><Email>anna@aarhus.dk</Email></Indberetter>
    <Dannet>2026-12-03T09:00:00Z</Dannet>
    <AntalAktiviteter>1</AntalAktiviteter>
  </Hoved>
  <Personer>
    <Person>
      <CPR>0101902001</CPR>
      <Aktivitet id="andet-1" handling="ny">
        <Dato>2026-11-03</Dato>
        <Ydelseskode>BLNB1</Ydelseskode>
        <Institution type="YDER">24015</Institution>
        <Hjemmetraening>false</Hjemmetraening>
      </Aktivitet>
    </Person>
  </Personer>
</GenoptraeningIndberetning>
`;

const SOR_HEAD = `<?xml version="1.0" encoding="utf-8"?>
<SorTree xmlns="urn:oio:nsi:2.0.0" xmlns:sor1="urn:oio:sundhedsstyrelsen:organisation:1.0.0">
<sor1:SnapshotDate>2026-11-01</sor1:SnapshotDate>
<InstitutionOwnerEntity><InstitutionOwner><sor1:SorIdentifier>1</sor1:SorIdentifier><sor1:EntityName>Kommune Ø</sor1:EntityName><EntityTypeIdentifier>547211000005108</EntityTypeIdentifier></InstitutionOwner>
`;
const SOR_TAIL = '</InstitutionOwnerEntity>\n</SorTree>\n';

const write = (dir: string, name: string, data: string | Buffer) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, data);
  return file;
};
const sei = (name: string, body: string) => (dir: string) => write(dir, name, body);
const nested = (n: number, tag: string) => `${`<${tag}>`.repeat(n)}${`</${tag}>`.repeat(n)}`;

/** A file of `size` bytes that holds almost nothing on disk (a hole). */
function sparse(dir: string, name: string, size: number): string {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, '<?xml version="1.0"?>');
  fs.ftruncateSync(fd, size);
  fs.closeSync(fd);
  return file;
}

const LOC = /linje \d+/;

export const HOSTILE: HostileCase[] = [
  // the SEI file
  {
    reader: 'sei',
    name: 'XXE (an external entity naming /etc/passwd)',
    make: sei(
      'xxe.xml',
      SEI_HEAD.replace('<GenoptraeningIndberetning', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<GenoptraeningIndberetning').replace(
        'Anna</Navn>',
        '&xxe;</Navn>',
      ),
    ),
    expect: /linje 2: filen indeholder en DOCTYPE-erklæring/,
  },
  {
    reader: 'sei',
    name: 'entity expansion (billion laughs)',
    make: sei(
      'lol.xml',
      `<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n<x>&lol2;</x>`,
    ),
    expect: /linje 2: filen indeholder en DOCTYPE-erklæring/,
  },
  {
    reader: 'sei',
    name: '100,000 nested unknown elements',
    make: sei('dyb.xml', SEI_HEAD.replace('<Personer>', `<Personer>${nested(100_000, 'x')}`)),
    expect: /linje 10, kolonne \d+: elementet <x> hører ikke til i <Personer>/,
  },
  {
    reader: 'sei',
    name: 'an unknown element in a record',
    make: sei('ukendt.xml', SEI_HEAD.replace('<Hjemmetraening>', '<Noget>1</Noget><Hjemmetraening>')),
    expect: /linje 17, kolonne \d+: elementet <Noget> hører ikke til i <Aktivitet>/,
  },
  {
    reader: 'sei',
    name: 'a character reference beyond Unicode (&#x110000;)',
    make: sei('ref.xml', SEI_HEAD.replace('Anna</Navn>', 'An&#x110000;na</Navn>')),
    expect: /linje 6, kolonne \d+: filen er ikke gyldig XML \(en tegnreference/,
  },
  {
    reader: 'sei',
    name: 'a reference to NUL (&#0;)',
    make: sei('ref0.xml', SEI_HEAD.replace('Anna</Navn>', 'An&#0;na</Navn>')),
    expect: /linje 6, kolonne \d+: filen er ikke gyldig XML/,
  },
  {
    reader: 'sei',
    name: 'a reference to a surrogate (&#xD800;)',
    make: sei('surrogat.xml', SEI_HEAD.replace('Anna</Navn>', 'An&#xD800;na</Navn>')),
    expect: /linje 6, kolonne \d+: filen er ikke gyldig XML/,
  },
  {
    reader: 'sei',
    name: 'a raw NUL byte',
    make: sei('nul.xml', SEI_HEAD.replace('Anna</Navn>', 'An\u0000na</Navn>')),
    expect: /linje 6, kolonne \d+: filen indeholder tegnet U\+0000/,
  },
  {
    reader: 'sei',
    name: 'not UTF-8 (Latin-1)',
    make: (dir) => write(dir, 'latin1.xml', Buffer.from(SEI_HEAD.replace('Anna', 'Ærø'), 'latin1')),
    expect: /ikke gemt som UTF-8/,
  },
  { reader: 'sei', name: 'cut off in the middle', make: sei('afkortet.xml', SEI_HEAD.slice(0, SEI_HEAD.length / 2)), expect: LOC },
  {
    reader: 'sei',
    name: 'a sparse file of 400 MB',
    make: (dir) => sparse(dir, 'stor.xml', 400 * 2 ** 20),
    expect: /stor\.xml er for stor \(400 MB\); højst 300 MB/,
  },
  // the SOR download
  {
    reader: 'sor',
    name: 'Latin-1 bytes in a file that says UTF-8',
    make: (dir) =>
      write(
        dir,
        'latin1-sor.xml',
        Buffer.concat([Buffer.from(SOR_HEAD.replace('Kommune Ø', 'Kommune '), 'utf8'), Buffer.from('\n<x>Ærø</x>', 'latin1'), Buffer.from(SOR_TAIL)]),
      ),
    expect: /linje 6: filen er ikke gyldig UTF-8/,
  },
  {
    reader: 'sor',
    name: 'a namespace the checker does not know (a future SOR v3)',
    make: (dir) => write(dir, 'v3.xml', SOR_HEAD.replace('urn:oio:nsi:2.0.0', 'urn:oio:nsi:3.0.0') + SOR_TAIL),
    expect: /navnerummet "urn:oio:nsi:3\.0\.0" er hverken SOR v1/,
  },
  {
    reader: 'sor',
    name: '100,000 nested elements',
    make: (dir) => write(dir, 'dyb-sor.xml', SOR_HEAD + nested(100_000, 'x') + SOR_TAIL),
    expect: /linje 5, kolonne \d+: elementerne er indlejret i mere end 100 niveauer/,
  },
  {
    reader: 'sor',
    name: '40 MB of text without a single tag',
    make: (dir) => write(dir, 'tekst.xml', SOR_HEAD + '<x>' + 'A'.repeat(40 * 2 ** 20) + '</x>' + SOR_TAIL),
    expect: /linje 5, kolonne \d+: over 16 MB uden et eneste mærke/,
  },
  {
    reader: 'sor',
    name: 'a reference beyond Unicode',
    make: (dir) => write(dir, 'ref-sor.xml', SOR_HEAD.replace('Kommune Ø', 'Kommune &#x110000;') + SOR_TAIL),
    expect: /linje 4, kolonne \d+: filen er ikke gyldig XML/,
  },
  {
    reader: 'sor',
    name: 'a raw U+FFFF (a non-character XML forbids; three bytes in UTF-8)',
    make: (dir) => write(dir, 'ffff-sor.xml', SOR_HEAD.replace('Kommune Ø', 'Kommune \uffff') + SOR_TAIL),
    expect: /linje 4, kolonne \d+: filen er ikke gyldig XML/,
  },
  {
    reader: 'sor',
    name: 'a raw NUL byte',
    make: (dir) => write(dir, 'nul-sor.xml', SOR_HEAD.replace('Kommune Ø', 'Kommune \u0000') + SOR_TAIL),
    expect: /linje 4, kolonne \d+: filen er ikke gyldig XML \(et tegn, XML ikke tillader\)/,
  },
  // the CSV of ydelser and the SKS list
  {
    reader: 'csv',
    name: 'a quoted field of 2 MB',
    make: (dir) =>
      write(dir, 'felt.csv', `cpr;dato;ydelseskode;kodetype;institutionskode\n0101902001;2026-11-03;"${`${'x'.repeat(1000)}\n`.repeat(2000)}";YDER;24015\n`),
    expect: /Linje 2: et felt i anførselstegn er længere end 64 KB/,
  },
  {
    reader: 'csv',
    name: 'a line of 3 MB',
    make: (dir) => write(dir, 'linje.csv', `cpr;dato;ydelseskode;kodetype;institutionskode\n${'x'.repeat(3 * 2 ** 20)}\n`),
    expect: /Linje 2: linjen er længere end 1024 KB/,
  },
  {
    reader: 'csv',
    name: 'a sparse file of 400 MB',
    make: (dir) => sparse(dir, 'stor.csv', 400 * 2 ** 20),
    expect: /stor\.csv er for stor \(400 MB\); højst 300 MB/,
  },
  {
    reader: 'sks',
    name: 'a quoted field that never ends',
    make: (dir) => write(dir, 'sks.csv', `kode;tekst;gyldig_fra;gyldig_til\nBLNB1;"Genoptræning;2020-01-01;\n`),
    expect: /Linje 2: et felt i anførselstegn slutter aldrig/,
  },
];
