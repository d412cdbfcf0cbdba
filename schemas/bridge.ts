// How the window in browser mode proves it is the user's own: the secret made at start-up travels in the header below.
// The server never serves it: it prints the window's address with the secret in the fragment (#nøgle=…), which the
// browser does not send to the server; the page moves it into sessionStorage and removes it from the address bar.
// Only the user who started the program sees the printed address.

export const TOKEN_HEADER = 'x-sei-token';
/** Where the window sends a chosen file, as raw bytes: POST /upload?purpose=…&name=… */
export const UPLOAD_PATH = '/upload';
/** The fragment key of the address the server prints. */
export const TOKEN_FRAGMENT = 'noegle';
/** Where the page keeps the secret for this tab (reloads keep it; other tabs must be opened from the address). */
export const TOKEN_STORAGE = 'sei-api-token';

/** The address to open: the page with the secret in its fragment. */
export function addressWithToken(baseUrl: string, token: string): string {
  return `${baseUrl}#${TOKEN_FRAGMENT}=${encodeURIComponent(token)}`;
}
