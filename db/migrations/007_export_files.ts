// Migration 7: every exported SEI file's bytes are kept with its export, so the export history can give the
// identical file again (its SHA-256 checked). Exports made before this version have none (NULL).
export default `
ALTER TABLE sei_export ADD COLUMN file BLOB;
`;
