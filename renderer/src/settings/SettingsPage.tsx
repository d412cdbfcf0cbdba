// Every setting in one place: the SEI file's header, the therapist's own default place, the KL Gateway report's
// settings, SOR's type codes, and the backups. The same forms stand where the work needs them (Indberetning,
// SOR-kontrol); here they are together.

import { call } from '../api.ts';
import { useEffect, useState } from 'react';
import { BackupSettings } from './BackupSettings.tsx';
import { useDefaultPlace } from './defaultPlace.ts';
import { KlSettingsForm } from './KlSettingsForm.tsx';
import { ReportSettings } from './ReportSettings.tsx';
import { SorTypesPanel } from './SorTypesPanel.tsx';
import { PlaceSelect, usePlaces } from '../ydelser/PlaceSelect.tsx';

export function SettingsPage() {
  const [defaultPlace, setDefaultPlace] = useDefaultPlace();
  const places = usePlaces();
  const [fileStore, setFileStore] = useState<boolean | null>(null);
  useEffect(() => {
    call('app.info', {}).then(
      (i) => setFileStore(i.store === 'fil'),
      () => setFileStore(true),
    );
  }, []);
  const chosen = places.find((p) => p.id === defaultPlace);
  return (
    <div className="pane page-narrow settings-page">
      <div className="page-head">
        <div>
          <h1>Indstillinger</h1>
          <p className="lead">Kommunen og indberetteren, dit eget standardsted, KL Gateway-indberetningen, SORs typekoder og sikkerhedskopierne.</p>
        </div>
      </div>
      <ReportSettings alwaysOpen />
      <section className="panel" aria-labelledby="standardsted-titel">
        <h2 id="standardsted-titel">Dit standardsted</h2>
        <p className="hint">
          Stedet, et forløbs første ydelse registreres på, når du ikke vælger et andet. Det gemmes på denne computer, for dig: kolleger i samme database har
          hver deres.
        </p>
        <div className="row">
          <PlaceSelect id="standardsted" value={defaultPlace} onChange={setDefaultPlace} hjemme={false} />
        </div>
        <p className="muted small" role="status">
          {chosen ? `Nye forløb starter på ${chosen.name}.` : 'Intet standardsted: stedet vælges ved hver første ydelse.'}
        </p>
      </section>
      <section className="panel" aria-labelledby="kl-indstillinger-titel">
        <h2 id="kl-indstillinger-titel">KL Gateway</h2>
        <p className="hint">Bruges, når leverancen til KL Gateway dannes under Indberetning.</p>
        <KlSettingsForm />
      </section>
      <SorTypesPanel />
      <section className="panel" aria-labelledby="kopier-indstillinger-titel">
        <h2 id="kopier-indstillinger-titel">Sikkerhedskopier</h2>
        {fileStore === false ? (
          <p className="muted">Den fælles database sikkerhedskopieres på serveren af kommunens databaseadministrator.</p>
        ) : (
          <BackupSettings />
        )}
      </section>
    </div>
  );
}
