// The application menu, in Danish.

import { app, Menu, type MenuItemConstructorOptions } from 'electron';

export function buildMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [
          {
            label: app.name,
            submenu: [
              { role: 'about' as const, label: 'Om SEI Genoptræning' },
              { type: 'separator' as const },
              { role: 'quit' as const, label: 'Afslut SEI Genoptræning' },
            ],
          },
        ]
      : []),
    { label: 'Filer', submenu: [isMac ? { role: 'close', label: 'Luk vindue' } : { role: 'quit', label: 'Afslut' }] },
    {
      label: 'Redigér',
      submenu: [
        { role: 'undo', label: 'Fortryd' },
        { role: 'redo', label: 'Annullér fortryd' },
        { type: 'separator' },
        { role: 'cut', label: 'Klip' },
        { role: 'copy', label: 'Kopiér' },
        { role: 'paste', label: 'Sæt ind' },
        { role: 'selectAll', label: 'Markér alt' },
      ],
    },
    {
      label: 'Vis',
      submenu: [
        { role: 'reload', label: 'Genindlæs' },
        { type: 'separator' },
        { role: 'resetZoom', label: 'Normal størrelse' },
        { role: 'zoomIn', label: 'Zoom ind' },
        { role: 'zoomOut', label: 'Zoom ud' },
        { type: 'separator' },
        { role: 'togglefullscreen', label: 'Fuld skærm' },
      ],
    },
    { label: 'Hjælp', submenu: [{ role: 'about', label: 'Om SEI Genoptræning' }] },
  ];
  return Menu.buildFromTemplate(template);
}
