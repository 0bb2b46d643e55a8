import { describe, expect, it } from 'vitest';
import { isValidNpi, npiCheckDigit } from './npi';

describe('isValidNpi', () => {
  it('accepts NPIs whose check digit is right (CMS examples)', () => {
    expect(isValidNpi('1234567893')).toBe(true);
    expect(isValidNpi('1245319599')).toBe(true);
  });

  it('rejects a wrong check digit, wrong length and non-digits', () => {
    expect(isValidNpi('1234567890')).toBe(false);
    expect(isValidNpi('123456789')).toBe(false);
    expect(isValidNpi('12345678933')).toBe(false);
    expect(isValidNpi('12345a7893')).toBe(false);
  });
});

describe('npiCheckDigit', () => {
  it('completes nine digits to the CMS examples', () => {
    expect(npiCheckDigit('123456789')).toBe(3);
    expect(npiCheckDigit('124531959')).toBe(9);
  });
});
