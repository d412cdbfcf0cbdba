// F1: the help for the page the user is on, in a modal dialog (Esc or "Luk" closes it, focus returns where it was),
// with the keys that work everywhere and a way back to the introduction.

import { useEffect, useRef } from 'react';
import type { Target } from '../nav.ts';
import { HELP } from './topics.ts';

const KEYS: [string, string][] = [
  ['F1', 'Denne hjælp'],
  [
    `Alt+1 … Alt+${Object.keys(HELP).length}`,
    `Gå til ${Object.values(HELP)
      .map((t) => t.title)
      .join(', ')}`,
  ],
  ['Alt+N', 'Nyt forløb eller nyt sted'],
  ['Ctrl+F', 'Søg i listen'],
  ['Ctrl+S', 'Gem formularen'],
  ['Pil op/ned, Enter', 'Gå i listen, åbn den valgte'],
  ['Esc', 'Luk panelet eller dialogen'],
];

export function HelpDialog(props: { area: Target['area']; onClose: () => void; onIntro: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const topic = HELP[props.area];
  return (
    <dialog ref={ref} className="help-dialog" aria-labelledby="hjaelp-titel" onClose={props.onClose}>
      <div className="form-head">
        <h2 id="hjaelp-titel">Hjælp: {topic.title}</h2>
        <button type="button" className="btn btn-ghost" onClick={() => ref.current?.close()}>
          Luk <kbd>Esc</kbd>
        </button>
      </div>
      {topic.sections.map((s) => (
        <section key={s.heading}>
          <h3>{s.heading}</h3>
          {s.paragraphs.map((p) => (
            <p key={p}>{p}</p>
          ))}
        </section>
      ))}
      <section>
        <h3>Taster</h3>
        <table className="grid keys">
          <tbody>
            {KEYS.map(([k, what]) => (
              <tr key={k}>
                <td>
                  <kbd>{k}</kbd>
                </td>
                <td>{what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <div className="actions">
        <button
          type="button"
          className="btn"
          onClick={() => {
            ref.current?.close();
            props.onIntro();
          }}
        >
          Vis introduktionen
        </button>
      </div>
    </dialog>
  );
}
