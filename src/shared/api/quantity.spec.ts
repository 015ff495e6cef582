import { describe, expect, it } from 'vitest';
import {
  canonicalQuantity,
  compareQuantities,
  formatQuantity,
  parseQuantity,
  QUANTITY_FORMAT_MESSAGE,
  QuantityParseError,
  quantityMilliValue,
  quantityValue,
} from './quantity.js';

describe('parseQuantity', () => {
  it.each([
    ['100m', 0.1],
    ['0.5', 0.5],
    ['2', 2],
    ['1Gi', 1073741824],
    ['512Mi', 536870912],
    ['1e3', 1000],
    ['2k', 2000],
    ['1.5Gi', 1610612736],
    ['+1', 1],
    ['-2', -2],
    ['.5', 0.5],
    ['250u', 0.00025],
  ])('%s is %d', (text, value) => {
    expect(quantityValue(text)).toBe(value);
  });

  it('accepts JSON numbers', () => {
    expect(quantityValue(2)).toBe(2);
    expect(quantityValue(0.25)).toBe(0.25);
  });

  it('rejects malformed quantities with upstream messages', () => {
    expect(() => parseQuantity('abc')).toThrow(QUANTITY_FORMAT_MESSAGE);
    expect(() => parseQuantity('')).toThrow(QuantityParseError);
    expect(() => parseQuantity('1Xi')).toThrow(QUANTITY_FORMAT_MESSAGE);
    expect(() => parseQuantity('1K')).toThrow("unable to parse quantity's suffix");
    expect(() => parseQuantity('1m5')).toThrow("unable to parse quantity's suffix");
    expect(() => parseQuantity('.')).toThrow('unable to parse numeric part of quantity');
  });

  it('milli values round up', () => {
    expect(quantityMilliValue('100m')).toBe(100);
    expect(quantityMilliValue('1')).toBe(1000);
    expect(quantityMilliValue('1n')).toBe(1);
  });
});

describe('canonical form', () => {
  it.each([
    ['0.5', '500m'],
    ['1000m', '1'],
    ['1500m', '1500m'],
    ['2000', '2k'],
    ['1024Mi', '1Gi'],
    ['1536Mi', '1536Mi'],
    ['512', '512'],
    ['0.5Gi', '512Mi'],
    ['1e3', '1e3'],
    ['1.5e3', '1500'],
    ['0', '0'],
    ['0.1n', '1n'],
  ])('%s → %s', (text, canonical) => {
    expect(canonicalQuantity(text)).toBe(canonical);
  });

  it('formats plain numbers', () => {
    expect(formatQuantity(0.25)).toBe('250m');
    expect(formatQuantity(4)).toBe('4');
    expect(formatQuantity(1073741824, 'BinarySI')).toBe('1Gi');
    expect(formatQuantity(1000, 'BinarySI')).toBe('1k');
  });

  it('compares exactly across suffixes', () => {
    expect(compareQuantities('1', '1000m')).toBe(0);
    expect(compareQuantities('1Gi', '1G')).toBe(1);
    expect(compareQuantities('100m', '0.2')).toBe(-1);
  });
});
