// pgpass (node-postgres' own .pgpass reader) ships no types: the one call used here.
declare module 'pgpass' {
  interface ConnInfo {
    host: string;
    port: number;
    database: string;
    user: string;
  }
  function pgpass(connInfo: ConnInfo, cb: (password: string | undefined) => void): void;
  export default pgpass;
}
