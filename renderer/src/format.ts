// Danish formatting of dates and times for the window: one definition, in schemas/dates.ts.

export { formatDateTime, monthName } from '../../schemas/dates.ts';
