/** Plain-object helpers for values that came from JSON, forms or settings. Pure. */

/** A JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The value stored under `key` in the object itself; undefined for keys it only inherits, such as
 * `constructor`, `toString` or `__proto__` (a status, label or field name from outside is data).
 * Undefined too when the container is not an object at all: settings and bodies may hold `null`, a
 * number or a string where an object is expected (`"roles": null` is accepted by the settings API).
 */
export function ownValue<T>(object: Readonly<Record<string, T>> | null | undefined, key: string): T | undefined {
  return typeof object === 'object' && object !== null && Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Sets `object[key]` as an own property, even for `__proto__` (plain assignment would set the prototype). */
export function setOwn(object: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}
