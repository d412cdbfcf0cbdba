// Danish-aware text folding for search and sorting. SQLite's LOWER and LIKE fold ASCII only, so the database keeps
// a folded copy of searchable text made by this function, and the search term is folded the same way.

/**
 * Lower-cases with Danish rules and folds the variants a Danish user treats as the same letter:
 * "aa" is "å" (Aarhus = Århus), "ä" is "æ", "ö" is "ø", and other accents are dropped (é = e). Æ, Ø and Å stay
 * distinct letters, as in Danish.
 */
export function foldDanish(input: string): string {
  return input
    .toLocaleLowerCase('da')
    .replace(/aa/g, 'å')
    .replace(/ä/g, 'æ')
    .replace(/[öő]/g, 'ø')
    .normalize('NFD')
    .replace(/[\u0300-\u0309\u030b-\u036f]/g, '') // drop accents but the ring of å (U+030A), recomposed below
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .trim();
}

const collator = new Intl.Collator('da', { sensitivity: 'base', numeric: true });

/** Danish alphabetical order: ... x, y, z, æ, ø, å. */
export function compareDanish(a: string, b: string): number {
  return collator.compare(a, b);
}
