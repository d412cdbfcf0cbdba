// A date as Danes write it, not the browser's picker (which shows mm/dd/yyyy on an English system): "24.11.2026",
// "24.11" (this year), "24-11-2026", "2026-11-24", "i dag", "i går". The form gets the ISO date, or what was written
// when it is not a date (the form's check then says so), or '' when the field is empty.

import { useEffect, useState } from 'react';
import { addDays, formatShortDate, localToday, parseDanishDate } from '../../../schemas/dates.ts';

const WORDS: Record<string, number> = { 'i dag': 0, idag: 0, 'i går': -1, igår: -1, 'i morgen': 1, imorgen: 1 };

/** The ISO date a person's text names, or null. */
export function parseDateInput(text: string, today = localToday()): string | null {
  const t = text.trim().toLowerCase();
  if (t in WORDS) return addDays(today, WORDS[t]!);
  return parseDanishDate(t, today);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A field's value as a filter's day: its ISO date, or null while what is typed is not (yet) a date (the field says so). */
export const isoOrNull = (v: string): string | null => (ISO_DAY.test(v) ? v : null);

export function DateField(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  describedBy?: string;
  /** Its name, where no label element names it. */
  label?: string;
}) {
  const shown = (v: string) => (ISO_DAY.test(v) ? formatShortDate(v) : v);
  const [text, setText] = useState(shown(props.value));
  // a value set from outside (a record loaded, the file's date) replaces what is shown
  useEffect(() => {
    setText((t) => (parseDateInput(t) === props.value ? t : shown(props.value)));
  }, [props.value]);
  const parsed = text.trim() === '' ? '' : parseDateInput(text);
  return (
    <>
      <input
        id={props.id}
        value={text}
        inputMode="numeric"
        placeholder="dd.mm.åååå"
        aria-invalid={parsed === null || undefined}
        aria-describedby={props.describedBy}
        aria-label={props.label}
        onChange={(e) => {
          setText(e.target.value);
          const v = e.target.value.trim() === '' ? '' : parseDateInput(e.target.value);
          props.onChange(v ?? e.target.value);
        }}
        onBlur={() => parsed && setText(formatShortDate(parsed))}
      />
      {parsed === null && <span className="error-text">"{text}" er ikke en dato. Skriv fx 24.11.2026, 24.11 eller i dag.</span>}
    </>
  );
}
