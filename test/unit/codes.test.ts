import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  checkCpr,
  checkEan,
  checkInstitutionCode,
  checkKommunekode,
  checkShak,
  checkSksForm,
  checkSor,
  checkYdernummer,
  cprCentury,
  formatCpr,
  kommuneNavn,
  parseCpr,
  shakHospital,
  shakLevel,
  verhoeffValid,
} from '../../schemas/codes.ts';
import { sorCode } from '../helpers.ts';

const REAL_SOR_IDS = ['8321000016007', '8331000016009', '8341000016002', '306011000016003', '698471000016005'];

function message(r: ReturnType<typeof checkSor>): string {
  assert.equal(r.ok, false, 'expected the check to fail');
  return (r as { message: string }).message;
}

describe('SOR code', () => {
  test('real SOR-IDs from the public SOR files pass', () => {
    for (const id of REAL_SOR_IDS) assert.deepEqual(checkSor(id), { ok: true, value: id, warnings: [] }, id);
  });
  test('a wrong check digit is a typing error, said in Danish', () => {
    assert.match(message(checkSor('8341000016003')), /forkert kontrolciffer/);
  });
  test('every single-digit typo in a real id is caught (Verhoeff)', () => {
    const id = '8341000016002';
    for (let i = 0; i < id.length - 10; i++) {
      for (let d = 0; d <= 9; d++) {
        if (String(d) === id[i]) continue;
        const typo = id.slice(0, i) + d + id.slice(i + 1);
        assert.equal(checkSor(typo).ok, false, typo);
      }
    }
  });
  test('adjacent transpositions are caught', () => {
    assert.equal(checkSor('3841000016002').ok, false);
    assert.equal(verhoeffValid('3841000016002'), false);
  });
  test('length 11 and 18 are the limits', () => {
    const eleven = sorCode(1);
    assert.equal(eleven.length, 11);
    assert.equal(checkSor(eleven).ok, true);
    const eighteen = sorCode(12345678);
    assert.equal(eighteen.length, 18);
    assert.equal(checkSor(eighteen).ok, true);
    assert.match(message(checkSor(`1${eighteen}`)), /19 cifre; en SOR-kode har 11 til 18 cifre/);
    assert.match(message(checkSor('1000016001')), /10 cifre/);
  });
  test("the namespace and partition must be SOR's", () => {
    assert.match(message(checkSor('123456789012')), /ikke en SOR-kode/);
  });
  test('letters, empty and spaces', () => {
    assert.match(message(checkSor('83410000160O2')), /kun indeholde cifre/);
    assert.match(message(checkSor('')), /mangler/);
    assert.deepEqual(checkSor(' 8341 0000 16002 '), { ok: true, value: '8341000016002', warnings: [] });
  });
});

describe('SHAK code', () => {
  test('4, 6 and 7 characters are hospital, department and section', () => {
    assert.equal(shakLevel('1301'), 'sygehus');
    assert.equal(shakLevel('130101'), 'afdeling');
    assert.equal(shakLevel('1301011'), 'afsnit');
    for (const c of ['1301', '130101', '1301011', '7005A1B']) assert.equal(checkShak(c).ok, true, c);
  });
  test('the hospital is the first 4 characters', () => {
    assert.equal(shakHospital('1301011'), '1301');
  });
  test('lower case is turned to capitals', () => {
    assert.deepEqual(checkShak('7005a1b'), { ok: true, value: '7005A1B', warnings: [] });
  });
  test('other lengths and characters are refused', () => {
    for (const c of ['130', '13010', '13010111']) assert.match(message(checkShak(c)), /4 \(sygehus\), 6 \(afdeling\) eller 7 tegn/, c);
    assert.match(message(checkShak('13-1')), /cifre og store bogstaver/);
    assert.match(message(checkShak('13Æ1')), /cifre og store bogstaver/);
  });
});

describe('ydernummer', () => {
  test('1 to 6 digits, zero-padded to 6', () => {
    assert.deepEqual(checkYdernummer('24015'), { ok: true, value: '024015', warnings: [] });
    assert.deepEqual(checkYdernummer('7'), { ok: true, value: '000007', warnings: [] });
    assert.deepEqual(checkYdernummer('019062'), { ok: true, value: '019062', warnings: [] });
  });
  test('7 digits, letters and zero are refused', () => {
    assert.match(message(checkYdernummer('1234567')), /højst 6 cifre/);
    assert.match(message(checkYdernummer('12a')), /kun indeholde cifre/);
    assert.match(message(checkYdernummer('000000')), /kan ikke være 0/);
  });
  test('institution code dispatches by type', () => {
    assert.equal(checkInstitutionCode('YDER', '24015').ok, true);
    assert.equal(checkInstitutionCode('YDER', '8341000016002').ok, false, 'a SOR code is not a ydernummer');
    assert.equal(checkInstitutionCode('SHAK', '1301').ok, true);
    assert.equal(checkInstitutionCode('SOR', '1301').ok, false);
  });
});

describe('CPR', () => {
  test('a valid date is accepted with and without hyphen', () => {
    const r = checkCpr('010190-2001');
    assert.equal(r.ok, true);
    assert.equal((r as { value: string }).value, '0101902001');
    assert.equal(checkCpr('0101902001').ok, true);
  });
  test('a number that fails modulus 11 is accepted, with a warning, never rejected', () => {
    // 0101902001: 0*4+1*3+0*2+1*7+9*6+0*5+2*4+0*3+0*2+1*1 = 73, not divisible by 11
    const r = checkCpr('0101902001');
    assert.equal(r.ok, true);
    assert.match((r as { warnings: string[] }).warnings[0]!, /modulus 11/);
  });
  test('a number that passes modulus 11 has no warning', () => {
    let found = '';
    for (let s = 0; s < 10000 && !found; s++) {
      const c = `010190${String(s).padStart(4, '0')}`;
      if (parseCpr(c).ok && (parseCpr(c) as { info: { modulus11: boolean } }).info.modulus11) found = c;
    }
    assert.deepEqual(checkCpr(found), { ok: true, value: found, warnings: [] });
  });
  test('impossible dates are refused', () => {
    for (const c of ['3202901234', '0013901234', '3104901234', '0000001234']) {
      assert.match(message(checkCpr(c)), /ikke en gyldig dato/, c);
    }
  });
  test('29 February only in leap years, by the century of digit 7', () => {
    assert.equal(checkCpr('2902001234').ok, false, '1900 was not a leap year (digit 7 = 1)');
    assert.equal(checkCpr('2902004234').ok, true, '2000 was a leap year (digit 7 = 4, YY 00)');
    assert.equal(checkCpr('2902961234').ok, true, '1996');
  });
  test('the century rule of digit 7', () => {
    assert.equal(cprCentury(50, 0), 1950);
    assert.equal(cprCentury(50, 3), 1950);
    assert.equal(cprCentury(36, 4), 2036);
    assert.equal(cprCentury(37, 4), 1937);
    assert.equal(cprCentury(36, 9), 2036);
    assert.equal(cprCentury(37, 9), 1937);
    assert.equal(cprCentury(57, 5), 2057);
    assert.equal(cprCentury(58, 5), 1858);
    assert.equal(cprCentury(99, 8), 1899);
  });
  test('birth date and sex', () => {
    const r = parseCpr('1503084567');
    assert.ok(r.ok);
    assert.equal(r.info.birthDate, '2008-03-15');
    assert.equal(r.info.sex, 'mand');
    const f = parseCpr('1503084568');
    assert.ok(f.ok);
    assert.equal(f.info.sex, 'kvinde');
  });
  test('wrong form', () => {
    assert.match(message(checkCpr('12345')), /10 cifre/);
    assert.match(message(checkCpr('0101-901234')), /10 cifre/);
    assert.match(message(checkCpr('')), /mangler/);
    assert.equal(formatCpr('0101902001'), '010190-2001');
  });
});

describe('kommunekode', () => {
  test('3 digits or 4 with a leading zero', () => {
    assert.deepEqual(checkKommunekode('751'), { ok: true, value: '0751', warnings: [] });
    assert.deepEqual(checkKommunekode('0751'), { ok: true, value: '0751', warnings: [] });
    assert.equal(kommuneNavn('0751'), 'Aarhus');
    assert.equal(kommuneNavn('101'), 'København');
  });
  test('Christiansø (411) and unknown codes are not kommuner', () => {
    assert.match(message(checkKommunekode('411')), /ikke kode for en af de 98 kommuner/);
    assert.match(message(checkKommunekode('0999')), /ikke kode for en af de 98 kommuner/);
    assert.match(message(checkKommunekode('1751')), /3 cifre/);
  });
});

describe('SKS code form', () => {
  test('a capital letter and 2 to 9 letters or digits', () => {
    assert.deepEqual(checkSksForm('BLNB1'), { ok: true, value: 'BLNB1', warnings: [] });
    assert.deepEqual(checkSksForm('znz88'), { ok: true, value: 'ZNZ88', warnings: [] });
    assert.equal(checkSksForm('AB').ok, false);
    assert.equal(checkSksForm('A1234567890').ok, false);
    assert.equal(checkSksForm('1BCD').ok, false);
  });
});

describe('EAN location number', () => {
  test('GS1 modulus 10', () => {
    assert.equal(checkEan('5790000141227').ok, true, 'from a real SOR file');
    assert.match(message(checkEan('5790000141228')), /kontrolciffer/);
    assert.match(message(checkEan('579000014122')), /13 cifre/);
  });
});
