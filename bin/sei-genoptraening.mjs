#!/usr/bin/env node
// The sei-genoptraening command. Runs the TypeScript sources through tsx; needs Node 22 or newer (the project
// installs it: run through npx or an npm script).
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(
    `SEI Genoptræning kræver Node 22 eller nyere (denne er ${process.versions.node}). ` +
      'Kør kommandoen med npx i projektmappen, så bruges projektets egen Node.\n',
  );
  process.exit(2);
}
const { register } = await import('tsx/esm/api');
register();
const { main } = await import('../electron/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
