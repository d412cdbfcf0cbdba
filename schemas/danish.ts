// Saying things in Danish one way: a count with its noun in singular or plural ("1 ydelse", "2 ydelser", "1.234
// ydelser"), and a list joined as Danes write it ("a, b og c"). Used by the window, the reports and the command line.

/** A number as Danes write it: 1.234.567. */
export function number(n: number): string {
  return n.toLocaleString('da-DK');
}

/** "1 ydelse", "0 ydelser", "2 ydelser": the singular for exactly one, the plural otherwise (Danish uses it for 0). */
export function count(n: number, singular: string, plural: string): string {
  return `${number(n)} ${n === 1 ? singular : plural}`;
}

/** "a", "a og b", "a, b og c" (or "eller" for a choice). */
export function listDa(items: readonly string[], conjunction: 'og' | 'eller' = 'og'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}
