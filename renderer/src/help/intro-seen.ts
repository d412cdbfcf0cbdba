// Whether the first-run guide has been closed or skipped in this window (its storage; the tests set it too).

export const INTRO_SEEN_KEY = 'sei.introduktion-set';

export function introSeen(): boolean {
  try {
    return localStorage.getItem(INTRO_SEEN_KEY) === '1';
  } catch {
    return false;
  }
}

export function markIntroSeen(): void {
  try {
    localStorage.setItem(INTRO_SEEN_KEY, '1');
  } catch {
    // storage off: the guide comes again next time
  }
}
