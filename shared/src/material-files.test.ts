import { describe, expect, it } from 'vitest';
import { materialFileProblem, materialTextProblems } from './material-files';

const MB = 1024 * 1024;

describe(materialFileProblem.name, () => {
  it('holds each kind to what WeCom takes', () => {
    expect(materialFileProblem('image', { name: '海报.PNG', size: 2 * MB })).toBeNull();
    expect(materialFileProblem('image', { name: '海报.gif', size: 2 * MB })).toBe('format');
    expect(materialFileProblem('image', { name: 'a.jpg', size: 10 * MB + 1 })).toBe('too_large');
    expect(materialFileProblem('video', { name: 'a.mov', size: MB })).toBe('format');
    expect(materialFileProblem('file', { name: '合同', size: 20 * MB })).toBeNull();
    expect(materialFileProblem('file', { name: 'a.txt', size: 5 })).toBe('too_small');
    expect(materialFileProblem('link', null)).toBeNull();
    expect(materialFileProblem('link', { name: 'cover.jpg', size: 2 * MB + 1 })).toBe('too_large');
    expect(materialFileProblem('miniprogram', null)).toBe('missing');
  });
});

describe(materialTextProblems.name, () => {
  it('counts the bytes of card titles as WeCom does (a Chinese character is 3)', () => {
    expect(materialTextProblems({ kind: 'miniprogram', title: '商'.repeat(21), description: null })).toEqual(
      [],
    );
    expect(materialTextProblems({ kind: 'miniprogram', title: '商'.repeat(22), description: null })).toEqual([
      { field: 'title', maxBytes: 64 },
    ]);
    expect(materialTextProblems({ kind: 'image', title: '商'.repeat(60), description: null })).toEqual([]);
  });
});
