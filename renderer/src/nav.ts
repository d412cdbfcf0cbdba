// Moving between the areas of the window, e.g. from a ydelse's error to the place it names.

import { createContext, useContext } from 'react';

export type Target =
  | { area: 'oversigt' }
  | { area: 'forloeb'; forloebId?: number }
  | { area: 'ydelser' }
  | { area: 'steder'; placeId?: number }
  | { area: 'import' }
  | { area: 'sor' }
  | { area: 'indstillinger' };

export const NavContext = createContext<{ navigate: (t: Target) => void; refreshBadges: () => void }>({
  navigate: () => {},
  refreshBadges: () => {},
});

export const useNav = () => useContext(NavContext);
