// Independent check of a Strata store: read the current generation's Arrow IPC files with the
// apache-arrow JavaScript implementation (no Java involved), and compare them with the clean CSV
// extract they were ingested from, column by column.
//
//   npm ci && node check-store.mjs STORE_DIR PATIENTS_CSV PRACTICES_CSV
//
// Exits 0 when every check passes; prints each check and exits 1 at the first mismatch.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';

const [store, patientsCsv, practicesCsv] = process.argv.slice(2);
if (!store || !patientsCsv || !practicesCsv) {
  console.error('usage: node check-store.mjs STORE_DIR PATIENTS_CSV PRACTICES_CSV');
  process.exit(2);
}
let failures = 0;
function check(what, actual, expected) {
  const ok = JSON.stringify(actual) === JSON.stringify(expected);
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}: ${JSON.stringify(actual)}${ok ? '' : ` (expected ${JSON.stringify(expected)})`}`);
  if (!ok) failures++;
}

const gen = join(store, 'generations', readFileSync(join(store, 'CURRENT'), 'utf8').trim());
const manifest = JSON.parse(readFileSync(join(gen, 'manifest.json'), 'utf8'));
const patients = tableFromIPC(readFileSync(join(gen, 'patients.arrow')));
const practices = tableFromIPC(readFileSync(join(gen, 'practices.arrow')));
const lsoas = tableFromIPC(readFileSync(join(gen, 'lsoas.arrow')));

check('patients.arrow rows = manifest rows', patients.numRows, manifest.rows.patients);
check('practices.arrow rows = manifest rows', practices.numRows, manifest.rows.practices);
check('lsoas.arrow rows = manifest rows', lsoas.numRows, manifest.rows.lsoas);
check('patients.arrow columns = manifest schema', patients.schema.fields.map(f => f.name),
  manifest.schema.map(c => c.name));

// The CSV, read the plain way (the demo extract is clean: no quoted fields in the patients file).
function readCsv(path) {
  const lines = readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/).filter(l => l.length > 0);
  const header = lines[0].split(',').map(h => h.trim().toLowerCase());
  return { header, rows: lines.slice(1) };
}
const csv = readCsv(patientsCsv);
const col = name => csv.header.indexOf(name);
check('rows = CSV records', patients.numRows, csv.rows.length);

const practiceCodes = practices.getChild('practice_code').toArray();
const lsoaCodes = lsoas.getChild('lsoa').toArray();
const want = {
  patient_id: r => BigInt(r[col('patient_id')].replace(/ /g, '')),
  practice: r => r[col('practice_code')] === '' ? null : r[col('practice_code')],
  lsoa: r => r[col('lsoa')] === '' ? null : r[col('lsoa')],
  age: r => Number(r[col('age')]),
  efi_deficits: r => Number(r[col('efi_deficits')]),
  emergency_admissions: r => Number(r[col('emergency_admissions')]),
  gp_contacts: r => Number(r[col('gp_contacts')]),
  cost_12m_pence: r => Math.round(Number(r[col('cost_12m')]) * 100),
};
const got = {
  patient_id: i => patients.getChild('patient_id').get(i),
  practice: i => { const o = patients.getChild('practice').get(i); return o < 0 ? null : practiceCodes[o]; },
  lsoa: i => { const o = patients.getChild('lsoa').get(i); return o == null ? null : lsoaCodes[o]; },
  age: i => patients.getChild('age').get(i),
  efi_deficits: i => patients.getChild('efi_deficits').get(i),
  emergency_admissions: i => patients.getChild('emergency_admissions').get(i),
  gp_contacts: i => patients.getChild('gp_contacts').get(i),
  cost_12m_pence: i => patients.getChild('cost_12m_pence').get(i),
};
const conditionNames = ['alcohol', 'anxiety_depression', 'atrial_fibrillation', 'cancer', 'ckd', 'connective_tissue',
  'copd', 'chd', 'dementia', 'diabetes', 'epilepsy', 'hearing_loss', 'heart_failure', 'ibs', 'psychosis_bipolar',
  'stroke_tia', 'asthma', 'hypertension', 'constipation', 'painful_condition'];
const conditions = patients.getChild('conditions');
const mismatches = {};
for (let i = 0; i < csv.rows.length; i++) {
  const r = csv.rows[i].split(',');
  for (const name of Object.keys(want)) {
    const a = got[name](i);
    const e = want[name](r);
    if (a !== e && !(typeof a === 'bigint' && a === BigInt(e))) {
      mismatches[name] = (mismatches[name] || 0) + 1;
    }
  }
  let bits = 0;
  conditionNames.forEach((c, b) => { if (col(c) >= 0 && r[col(c)] === '1') bits |= 1 << b; });
  if (conditions.get(i) !== bits) mismatches.conditions = (mismatches.conditions || 0) + 1;
}
check(`values equal the CSV in every row (${Object.keys(want).length + 1} columns)`, mismatches, {});

if (failures > 0) {
  console.error(`${failures} check(s) failed`);
  process.exit(1);
}
const arrowVersion = JSON.parse(readFileSync(new URL('./node_modules/apache-arrow/package.json', import.meta.url), 'utf8')).version;
console.log(`apache-arrow ${arrowVersion} (JavaScript) read ${gen} independently: all checks passed`);
