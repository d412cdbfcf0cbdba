// An SKS code field that finds codes as you type: by the start of the code or a word of its text, only codes valid on
// the ydelse's day (sks.search). Under it, the chosen code's text, or why it will be refused, so a therapist sees what
// she registers before she saves.

import { useEffect, useState } from 'react';
import type { CallResult } from '../../../schemas/api.ts';
import { call } from '../api.ts';

type Entry = CallResult<'sks.search'>[number];

export function SksCodeField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (code: string) => void;
  /** The ydelse's day (ÅÅÅÅ-MM-DD); null while the date typed is not a date. */
  day: string | null;
}) {
  const [suggestions, setSuggestions] = useState<Entry[]>([]);
  // without a loaded code list only a code's form is checked: nothing to say of it here
  const [listLoaded, setListLoaded] = useState(false);
  useEffect(() => {
    call('sks.status', {}).then(
      (s) => setListLoaded(s !== null),
      () => setListLoaded(false),
    );
  }, []);
  const [searched, setSearched] = useState('');
  const term = props.value.trim();
  const { day } = props;

  useEffect(() => {
    if (term === '' || day === null) {
      setSuggestions([]);
      setSearched('');
      return;
    }
    const t = setTimeout(() => {
      call('sks.search', { term, day }).then(
        (found) => {
          setSuggestions(found);
          setSearched(`${term}|${day}`);
        },
        () => setSuggestions([]),
      );
    }, 150);
    return () => clearTimeout(t);
  }, [term, day]);

  const exact = suggestions.find((s) => s.code === term.toUpperCase());
  const known = searched === `${term}|${day}`;
  const about = !term
    ? ''
    : exact
      ? exact.text
      : listLoaded && known && day !== null && /^[A-ZÆØÅ0-9]{3,}$/i.test(term)
        ? 'Ikke en gyldig kode den dag i den indlæste SKS-kodeliste.'
        : '';
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        className="mono"
        list={`${props.id}-koder`}
        value={props.value}
        autoComplete="off"
        aria-describedby={`${props.id}-tekst`}
        onChange={(e) => props.onChange(e.target.value.toUpperCase())}
      />
      <datalist id={`${props.id}-koder`}>
        {suggestions.map((s) => (
          <option key={s.code} value={s.code}>
            {s.text}
          </option>
        ))}
      </datalist>
      <small id={`${props.id}-tekst`} className={exact ? 'hint' : 'hint warn-text'} aria-live="polite">
        {about}
      </small>
    </div>
  );
}
