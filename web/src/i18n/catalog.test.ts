// The catalogs stay complete: every key in one language exists in the other, and every problem
// the API can answer has a translation. The slugs come from the OpenAPI document's Problem `type`
// enum (in the generated schema) and from src/api/problemSlugs.json, the list kept by hand from
// api/src/http/problem_types.rs until every document carries the enum.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import slugList from '@/api/problemSlugs.json';
import { LANGUAGES, resources } from '@/i18n';

// Plural forms differ by language (Russian has one/few/many/other, English one/other): a key
// counts once whatever forms it has.
const PLURAL = /_(zero|one|two|few|many|other)$/;

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix.replace(PLURAL, '')];
  const all = Object.entries(value).flatMap(([key, inner]) => keys(inner, prefix ? `${prefix}.${key}` : key));
  return [...new Set(all)];
}

function documentSlugs(): string[] {
  const schema = readFileSync(new URL('../api/schema.d.ts', import.meta.url), 'utf8');
  return [...schema.matchAll(/https:\/\/iktomi\.dev\/problems\/([a-z0-9-]+)/g)].map((m) => m[1] ?? '');
}

describe('translation catalogs', () => {
  it('has the same namespaces and keys in every language', () => {
    const [first, ...others] = LANGUAGES;
    const reference = resources[first];
    expect(reference).toBeDefined();
    for (const language of others) {
      const catalog = resources[language];
      expect(Object.keys(catalog ?? {}).sort(), `${language} namespaces`).toEqual(Object.keys(reference ?? {}).sort());
      for (const namespace of Object.keys(reference ?? {})) {
        const a = keys(reference?.[namespace]).sort();
        const b = keys(catalog?.[namespace]).sort();
        expect(b.filter((k) => !a.includes(k)), `${language}:${namespace} keys missing in ${first}`).toEqual([]);
        expect(a.filter((k) => !b.includes(k)), `${first}:${namespace} keys missing in ${language}`).toEqual([]);
      }
    }
  });

  it('translates every problem the API answers', () => {
    const slugs = new Set([...slugList, ...documentSlugs()]);
    for (const language of LANGUAGES) {
      const problems = resources[language]?.problems ?? {};
      const missing = [...slugs].filter((slug) => !(slug in problems));
      expect(missing, `problems without a ${language} translation`).toEqual([]);
    }
  });
});
