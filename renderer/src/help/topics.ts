// The help for each page (F1), in Danish, offline. One topic per area of the window: the type requires it, so a new
// page cannot be added without its help. In the menu's order (the help's key list names them so).

import type { Target } from '../nav.ts';

export interface HelpTopic {
  title: string;
  sections: { heading: string; paragraphs: string[] }[];
}

export const HELP: Record<Target['area'], HelpTopic> = {
  oversigt: {
    title: 'Indberetning',
    sections: [
      {
        heading: 'Månederne og fristen',
        paragraphs: [
          'Genoptræning indberettes til Sundhedsdatastyrelsen (SEI) en gang om måneden, senest den 10. i den følgende måned. Tabellen viser hver måned med dens frist, hvor mange ydelser den har, og hvad der forhindrer nogle af dem i at blive indberettet.',
          'Fristen for den næste måned står altid øverst i vinduet. Er en måned ikke indberettet til tiden, står det dér med rødt.',
        ],
      },
      {
        heading: 'SEI-filen',
        paragraphs: [
          'Vælg "Eksportér …" ud for måneden. Programmet viser først, hvad filen sender: nye ydelser, rettelser og annulleringer, pr. sted, og hvilke ydelser der venter og hvorfor. Filen kontrolleres mod SEI-skemaet, før den gemmes.',
          'Når filen er sendt i SEI, markeres måneden som indberettet. Rettes eller slettes en ydelse senere, sendes rettelsen eller annulleringen med i næste fil for måneden; intet går tabt.',
          '"Månedsrapporten" udskriver rapporten over, hvad filen sender, og hvad der venter og hvorfor, pr. sted; i skrivebordsprogrammet kan den også gemmes som PDF.',
        ],
      },
      {
        heading: 'KL Gateway og sikkerhedskopier',
        paragraphs: [
          'De samme registreringer giver den nationale FHIR-indberetning til KL Gateway. "Kontrollér, hvad der venter" viser, hvilke borgere der kan leveres, og hvad der mangler for resten; "Dan leverance …" gemmer leverancen som fil.',
          'Programmet tager en sikkerhedskopi af databasen hver dag ved første start. Antal og mappe rettes under Indstillinger.',
        ],
      },
    ],
  },
  forloeb: {
    title: 'Forløb',
    sections: [
      {
        heading: 'Et forløb pr. genoptræningsplan',
        paragraphs: [
          'Opret et forløb med "Nyt forløb" (Alt+N), når kommunen modtager en genoptræningsplan: borgerens CPR-nummer, planens type og udskrivningsdatoen (eller en senere startdato, hvis planen nævner en).',
          'Søg med Ctrl+F på CPR-nummer, fødselsdato eller navn. Listen kan sorteres og afgrænses til en periode og gemmes til Excel eller CSV.',
        ],
      },
      {
        heading: '7-dagesfristen (sundhedsloven § 140, stk. 4)',
        paragraphs: [
          'Kommunen skal kunne begynde genoptræningen senest 7 dage efter udskrivningen. Forløb tæt på eller over fristen uden første ydelse er markeret i listen; filteret "Tæt på eller over 7-dagesfristen" viser kun dem.',
        ],
      },
      {
        heading: 'Ydelser i et hug',
        paragraphs: [
          'Under forløbet registreres ydelserne: skriv datoerne (fx "24.11, 26.11 og 28.11" eller "24.11-28.11" for hverdagene), ydelseskoden og stedet, og tryk Enter. Næste gang foreslås den samme kode og det samme sted.',
          'Foregår træningen i borgerens hjem, angives den enhed, der udførte den, som sted. En ydelse kan først indberettes, når dens sted har en SOR-kode, en SHAK-kode eller et ydernummer.',
          '"Resumé til journalen" udskriver et resumé af forløbet med alle ydelser eller gemmer det som PDF.',
        ],
      },
      {
        heading: 'Sådan registreres SKS-koderne',
        paragraphs: [
          'Ydelseskoden findes, mens du skriver: på kodens begyndelse eller et ord i dens tekst, og kun koder, der er gyldige på ydelsens dato. Under feltet står kodens tekst.',
          'En session registreres med de 2–3 ydelseskoder, der dækker dens hovedformål; undersøgelse og dokumentation registreres ikke som selvstændige ydelser. Er træningen givet på hold, tilføjes holdets tillægskode; foregår den i borgerens hjem eller på en institution, tilføjes stedklassifikationen som tillægskode. Forløbet advarer, når en dag har mere end tre ydelseskoder, og når træning i hjemmet mangler en tillægskode (kilde: Danske Fysioterapeuters vejledning om SKS-registrering).',
        ],
      },
    ],
  },
  ydelser: {
    title: 'Ydelser',
    sections: [
      {
        heading: 'Alle ydelser',
        paragraphs: [
          'Listen viser alle registrerede ydelser, nyeste først. Søg på CPR-nummer eller ydelseskode, og afgræns til et sted, en periode eller dem, der ikke kan indberettes.',
          'Klik på en kolonneoverskrift (Dato, CPR-nummer, Ydelse) for at sortere efter den; klik igen for at vende rækkefølgen. Med tastaturet: Tab til overskriften og Enter.',
          '"Til Excel …" og "Til CSV …" gemmer hele listen med de valgte filtre og den valgte sortering, ikke kun det, der ses på skærmen.',
        ],
      },
      {
        heading: 'Hvorfor en ydelse ikke kan indberettes',
        paragraphs: [
          'Åbn ydelsen for at se, hvad der mangler: typisk et sted uden kode eller en kode, der ikke er gyldig på dagen. Fejlen linker til det, der skal rettes.',
          'En slettet ydelse kan hentes tilbage under "Slettede …", indtil dens måned er indberettet igen.',
        ],
      },
    ],
  },
  steder: {
    title: 'Steder',
    sections: [
      {
        heading: 'Hvor genoptræningen foregår',
        paragraphs: [
          'Hvert sted skal have en SOR-kode, en SHAK-kode eller et ydernummer, før dets ydelser kan indberettes. KL Gateway accepterer kun SOR-koder.',
          'Har et sted ingen kode endnu, kan du under stedet danne en e-mail til SORpost@sundhedsdata.dk med alle de oplysninger, Sundhedsdatastyrelsen beder om. Når koden kommer, skrives den ind, og stedets ydelser kan indberettes.',
          'Steder slettes aldrig, men kan deaktiveres; historikken bevares. Listen kan sorteres ved at klikke på kolonneoverskrifterne og gemmes til Excel eller CSV.',
        ],
      },
    ],
  },
  import: {
    title: 'Import',
    sections: [
      {
        heading: 'Ydelser fra en CSV-fil',
        paragraphs: [
          'Filen kontrolleres helt, før noget gemmes. Fejl vises med linje og kolonne; en fil med fejl afvises, medmindre du vælger at springe de dårlige rækker over, som så gemmes i en afvisningsfil.',
        ],
      },
      {
        heading: 'SEI-filer og SKS-kodelisten',
        paragraphs: [
          'En SEI-fil, programmet tidligere har dannet, kan læses ind igen; konflikter med lokale rettelser vises, og den lokale udgave beholdes.',
          'SKS-kodelisten indlæses fra Sundhedsdatastyrelsens SKScomplete.txt eller fra en CSV-fil (kode; tekst; gyldig fra; gyldig til). Programmet viser, hvad den nye liste ændrer, før den tages i brug.',
        ],
      },
    ],
  },
  sor: {
    title: 'SOR-kontrol',
    sections: [
      {
        heading: 'Plejeenheder og helhedspleje efter 2025-reglerne',
        paragraphs: [
          'Vælg SOR-filen fra Sundhedsdatastyrelsens offentlige download og kommunen. Kontrollen viser hver enhed, der skal rettes, med vejledningens handling, kommunens SOR-træ og hvad Plejeoverblikket vil læse ind.',
          'Reglerne bruger SORs typekoder. Indlæs SORs klassifikationsliste under "Typekoder", eller skriv koderne; regler uden kode står som "ikke kørt".',
        ],
      },
    ],
  },
  indstillinger: {
    title: 'Indstillinger',
    sections: [
      {
        heading: 'Alle indstillinger samlet',
        paragraphs: [
          'Kommunekoden og indberetteren står i SEI-filens hoved. Dit standardsted er det sted, et nyt forløbs første ydelse starter på; det gemmes kun på denne computer.',
          'KL Gateway-indstillingerne bruges, når leverancen dannes. Typekoderne bruges af SOR-kontrollen. Sikkerhedskopierne gemmes i den valgte mappe; den må ikke kunne skrives af alle brugere på maskinen, fordi kopierne indeholder CPR-numre.',
          'I kommunens fælles database kan kun administratorer ændre de fælles indstillinger.',
        ],
      },
    ],
  },
};
