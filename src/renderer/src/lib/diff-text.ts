/** Object YAML prepared for a side-by-side diff. */
import { parseDocument } from 'yaml';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** The YAML without the `last-applied-configuration` annotation (an empty `annotations` goes too). */
export function withoutLastApplied(text: string): string {
  if (!text.includes(LAST_APPLIED)) return text;
  const doc = parseDocument(text);
  if (doc.errors.length) return text;
  doc.deleteIn(['metadata', 'annotations', LAST_APPLIED]);
  const annotations = doc.getIn(['metadata', 'annotations']) as { items?: unknown[] } | undefined;
  if (annotations && Array.isArray(annotations.items) && annotations.items.length === 0) doc.deleteIn(['metadata', 'annotations']);
  return doc.toString();
}
