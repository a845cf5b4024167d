/** Muvuku messages `1!CODE!a#b#c` (positional) and `J1!CODE!label#value#…` (labelled), settings spec §5.3. */
import { setOwn } from '../objects.js';
import { tinyLabel, type JsonForm } from './json-forms.js';

/** Raw values by field key, and whether the message carried more values than the form has fields. */
export interface RawFields {
  data: Record<string, unknown>;
  extraFields: boolean;
}

/** The values part: everything after the prefix and code segments. */
function body(message: string): string {
  return message.split('!').slice(2).join('!');
}

/** Every field of the form, undefined when the message omits it (Muvuku always lists them all). */
function allFields(def: JsonForm): Record<string, unknown> {
  return Object.fromEntries(Object.keys(def.fields).map((k) => [k, undefined]));
}

/** `1!CODE!a#b`: `#`-separated values matched to the fields in definition order, trimmed. */
export function parsePositional(message: string, def: JsonForm): RawFields {
  const values = body(message).split('#').map((v) => v.trim());
  const keys = Object.keys(def.fields);
  const data = Object.fromEntries(keys.map((key, i) => [key, values[i]]));
  return { data, extraFields: values.length > keys.length };
}

/** Splits on `#` except `\#`, which stands for a literal `#`. */
function splitUnescaped(text: string): string[] {
  return text.split(/(?<!\\)#/).map((t) => t.replace(/\\#/g, '#'));
}

/** `J1!CODE!label#value#…`: labels matched case-insensitively to each field's tiny label. */
export function parseLabelled(message: string, def: JsonForm, locale: string | undefined): RawFields {
  const byLabel = new Map(Object.entries(def.fields).map(([key, field]) => [tinyLabel(key, field, locale), key]));
  const tokens = splitUnescaped(body(message));
  const data = allFields(def);
  for (let i = 0; i + 1 < tokens.length; i += 2) {
    const key = byLabel.get((tokens[i] as string).trim().toLowerCase());
    if (key !== undefined) setOwn(data, key, (tokens[i + 1] as string).trim());
  }
  return { data, extraFields: false };
}
