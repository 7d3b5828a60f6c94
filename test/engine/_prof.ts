import { transitions } from './oracle.js';
import { calendarDates } from '../../src/holidays/index.js';
const iso = (t: number) => new Date(t).toISOString();
for (const z of ['Australia/Lord_Howe', 'Europe/Berlin', 'America/New_York', 'Pacific/Chatham']) console.log(z, transitions(z, Date.UTC(2027,0,1), Date.UTC(2029,0,1)).map(iso));
console.log(calendarDates({ region: 'DE-BE' }, 2027).map((d) => d.date + ' ' + d.name).join('\n'));
console.log(calendarDates({ region: 'DE-BE' }, 2028).map((d) => d.date).join(' '));
for (const d of ['2030-06-17', '2027-12-25', '2027-12-01', '2027-01-01', '2028-02-29', '2027-10-03', '2028-04-02']) console.log(d, new Date(d).getUTCDay());
