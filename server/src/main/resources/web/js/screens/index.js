// The one table of screens, in tab-bar order: one line per screen, each the name of a module
// beside this one (js/screens/<name>.js, the shape is in docs/H5.md). The first tab a role may
// see is its home screen.
const names = [
  'signin',
  'notices',
  'notice',
  'sent',
  'compose',
  'receipts',
  'events',
  'consult',
  'queue',
  'members',
  'dashboard',
];

export default (await Promise.all(names.map((name) => import(`./${name}.js`)))).map((m) => m.default);
