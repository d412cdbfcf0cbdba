// The first-run guide: what a new kommune sets up before the first registration (the kommune and the reporter, the
// SKS code list, the first place), each step showing whether it is done and taking the user to where it is done. It
// opens by itself until it is closed or skipped, and again from the help (F1).

import { useEffect, useRef, useState } from 'react';
import { call } from '../api.ts';
import type { Target } from '../nav.ts';
import { markIntroSeen } from './intro-seen.ts';

interface Step {
  title: string;
  text: string;
  done: boolean;
  go: Target;
  button: string;
}

export function IntroGuide(props: { onClose: () => void; navigate: (t: Target) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [steps, setSteps] = useState<Step[] | null>(null);
  useEffect(() => {
    Promise.all([call('settings.get', {}), call('sks.status', {}), call('places.list', { includeInactive: true })]).then(
      ([settings, sks, places]) =>
        setSteps([
          {
            title: 'Kommunen og indberetteren',
            text: 'Kommunekoden og den, der indberetter, står i hovedet på hver SEI-fil.',
            done: Boolean(settings.kommunekode && settings.reporterName && settings.reporterEmail),
            go: { area: 'indstillinger' },
            button: 'Til Indstillinger',
          },
          {
            title: 'SKS-kodelisten',
            text: 'Med Sundhedsdatastyrelsens kodeliste (SKScomplete.txt) kontrolleres hver ydelseskode mod dagen, den blev givet.',
            done: sks !== null,
            go: { area: 'import' },
            button: 'Til Import',
          },
          {
            title: 'Det første sted',
            text: 'Et sted med SOR-kode, SHAK-kode eller ydernummer, hvor genoptræningen foregår. Har det ingen kode endnu, kan du søge om en SOR-kode derfra.',
            done: places.length > 0,
            go: { area: 'steder' },
            button: 'Til Steder',
          },
        ]),
      () => setSteps([]),
    );
  }, []);
  useEffect(() => {
    const d = ref.current;
    if (steps && d && !d.open) d.showModal();
  }, [steps]);
  const close = (then?: Target) => {
    markIntroSeen();
    ref.current?.close();
    if (then) props.navigate(then);
  };
  if (!steps) return null;
  const left = steps.filter((s) => !s.done).length;
  return (
    <dialog ref={ref} className="help-dialog" aria-labelledby="intro-titel" onClose={props.onClose}>
      <h2 id="intro-titel">Velkommen til SEI Genoptræning</h2>
      <p>
        {left === 0
          ? 'Alt er sat op. Opret et forløb under Forløb (Alt+2), og registrér ydelserne.'
          : `Før den første registrering: ${left === 1 ? 'ét trin mangler' : `${left} trin mangler`}. Du kan springe over og komme tilbage hertil med F1.`}
      </p>
      <ol className="intro-steps">
        {steps.map((s) => (
          <li key={s.title} className={s.done ? 'done' : ''}>
            <strong>{s.title}</strong> {s.done ? <span className="ok-text">✓ Klar</span> : null}
            <p>{s.text}</p>
            {!s.done && (
              <button type="button" className="btn" onClick={() => close(s.go)}>
                {s.button}
              </button>
            )}
          </li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="btn btn-primary" onClick={() => close()}>
          {left === 0 ? 'Luk' : 'Spring over'}
        </button>
      </div>
    </dialog>
  );
}
