import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';
import fr from './fr.json';

type Catalog = { [key: string]: string | Catalog };

function flatten(catalog: Catalog, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(catalog)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^}\s,]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
}

const catalogs = { en: flatten(en), fr: flatten(fr), de: flatten(de) };
const srcDir = join(__dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'test' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

describe('translation catalogs', () => {
  it.each(['fr', 'de'] as const)('%s has exactly the keys of en', (lng) => {
    const missing = [...catalogs.en.keys()].filter((k) => !catalogs[lng].has(k));
    const extra = [...catalogs[lng].keys()].filter((k) => !catalogs.en.has(k));
    expect({ missing, extra }).toEqual({ missing: [], extra: [] });
  });

  it.each(['fr', 'de'] as const)('%s uses the same {{placeholders}} as en in every message', (lng) => {
    const mismatched = [...catalogs.en.entries()]
      .filter(([key]) => catalogs[lng].has(key))
      .filter(([key, text]) => placeholders(text).join(',') !== placeholders(catalogs[lng].get(key)!).join(','))
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
  });

  it.each(['en', 'fr', 'de'] as const)('%s has no empty message', (lng) => {
    const empty = [...catalogs[lng].entries()].filter(([, text]) => text.trim() === '').map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('every literal key the code passes to t() exists', () => {
    const missing: string[] = [];
    for (const file of sourceFiles(srcDir)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) {
        if (!catalogs.en.has(m[1])) missing.push(`${relative(srcDir, file)}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('components show no hard-coded text (all user-visible strings come from the catalogs)', () => {
    const offenders: string[] = [];
    for (const file of sourceFiles(srcDir).filter((f) => f.endsWith('.tsx'))) {
      const text = readFileSync(file, 'utf8');
      // Text between JSX tags that contains a letter and no expression.
      for (const m of text.matchAll(/>\s*([^<>{}]*[A-Za-zÀ-ÿ][^<>{}]*?)\s*<\//g)) {
        const candidate = m[1].trim();
        if (/^[\w.]+\s*=>/.test(candidate) || /[;=()]|&&|\|\|/.test(candidate)) continue; // code, not text
        offenders.push(`${relative(srcDir, file)}: "${candidate}"`);
      }
      for (const m of text.matchAll(/\b(aria-label|title|placeholder|alt)="([^"]*[A-Za-z][^"]*)"/g)) {
        offenders.push(`${relative(srcDir, file)}: ${m[1]}="${m[2]}"`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
