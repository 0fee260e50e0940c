import { describe, expect, it } from 'vitest';
import { maskPhone } from './mask';

describe(maskPhone.name, () => {
  it('keeps the prefix and the last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+8613812345678')).toBe('+86****5678');
  });
  it('hides all but two digits of a short number', () => {
    expect(maskPhone('12345')).toBe('***45');
  });
});
