/**
 * Search plus the namespace switcher for a list: rows outside the chosen namespace or not
 * matching every search term drop out. The search text of a row is computed once per object
 * (cached by identity), so typing costs a string scan, not a rebuild of every row.
 */
import { computed, ref, type Ref } from 'vue';
import { matchesSearch } from '../lib/fuzzy';
import { useUiStore } from '../stores/ui';

export interface FilterOptions<R> {
  /** Everything a search term may match (name, status, node, labels...). */
  text: (row: R) => string;
  /** `key:value` fields (`status:`, `node:`, `ns:`). */
  fields?: (row: R) => Record<string, string>;
  namespace?: (row: R) => string | undefined;
}

export function useListFilter<R extends object>(rows: Ref<readonly R[]>, options: FilterOptions<R>) {
  const ui = useUiStore();
  const query = ref('');
  const texts = new WeakMap<R, string>();
  const textOf = (row: R) => {
    let t = texts.get(row);
    if (t === undefined) {
      t = options.text(row);
      texts.set(row, t);
    }
    return t;
  };
  const filtered = computed(() => {
    const q = query.value.trim();
    // Read the store once per pass: 10,000 rows must not mean 10,000 store calls.
    const chosen = options.namespace ? ui.namespace : '';
    const ns = options.namespace;
    if (!q && !chosen) return rows.value;
    return rows.value.filter((r) => (!chosen || ns!(r) === chosen) && (!q || matchesSearch(q, textOf(r), options.fields?.(r))));
  });
  return { query, filtered };
}
