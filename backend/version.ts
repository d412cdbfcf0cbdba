// The app's version, from package.json (bundled in by esbuild and Vite alike).
import pkg from '../package.json' with { type: 'json' };

export const APP_NAME = 'SEI Genoptræning';
export const APP_VERSION: string = pkg.version;
