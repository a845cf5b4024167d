/** Dotted field keys (`group.child`) as nested objects (settings spec §5.3). */
import { isRecord, setOwn } from '../objects.js';

/** Sets `a.b.c` in `target`, creating (or replacing non-object) intermediate levels; every level is an own property. */
export function setPath(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = Object.hasOwn(node, part) ? node[part] : undefined;
    if (isRecord(next)) {
      node = next;
    } else {
      const level: Record<string, unknown> = {};
      setOwn(node, part, level);
      node = level;
    }
  }
  setOwn(node, parts[parts.length - 1] as string, value);
}

/** Reads `a.b.c` from `source`; undefined when any level is missing (inherited members do not count). */
export function getPath(source: Record<string, unknown>, key: string): unknown {
  let node: unknown = source;
  for (const part of key.split('.')) {
    if (!isRecord(node) || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}
