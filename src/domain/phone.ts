import libphonenumber from 'google-libphonenumber';

/** The app settings that decide how phone numbers are read (contacts-users §2.9). */
export interface PhoneSettings {
  /** Calling code of the default region, e.g. 254 for Kenya. */
  default_country_code?: number | string;
  /** `partial` (possible number), `none` (anything that parses), or unset (fully valid). */
  phone_validation?: string;
}

const util = libphonenumber.PhoneNumberUtil.getInstance();
const shortInfo = libphonenumber.ShortNumberInfo.getInstance();
const { PhoneNumberFormat } = libphonenumber;

function regionOf(settings: PhoneSettings): string {
  const code = Number(settings.default_country_code);
  return Number.isInteger(code) && code > 0 ? util.getRegionCodeForCountryCode(code) : 'ZZ';
}

function parse(settings: PhoneSettings, phone: unknown): libphonenumber.PhoneNumber | undefined {
  if (typeof phone !== 'string' && typeof phone !== 'number') return undefined;
  const text = String(phone);
  if (!text.trim() || /[a-z]/i.test(text)) return undefined; // any ASCII letter makes a number invalid
  try {
    return util.parseAndKeepRawInput(text, regionOf(settings));
  } catch {
    return undefined;
  }
}

function isShortNumber(number: libphonenumber.PhoneNumber): boolean {
  return shortInfo.isValidShortNumber(number);
}

/** Is this a valid phone number under the configured validation mode? */
export function isValidPhone(settings: PhoneSettings, phone: unknown): boolean {
  const number = parse(settings, phone);
  if (!number) return false;
  switch (settings.phone_validation) {
    case 'none':
      return true;
    case 'partial':
      return util.isPossibleNumber(number) || isShortNumber(number);
    default:
      return util.isValidNumber(number) || isShortNumber(number);
  }
}

/**
 * The normalised form of a valid phone number: E.164, or NATIONAL for a short number
 * (e.g. `+40 (722) 444-444` → `+40722444444`); undefined when it is not valid.
 */
export function normalizePhone(settings: PhoneSettings, phone: unknown): string | undefined {
  if (!isValidPhone(settings, phone)) return undefined;
  const number = parse(settings, phone) as libphonenumber.PhoneNumber;
  const short = !util.isValidNumber(number) && isShortNumber(number);
  return util.format(number, short ? PhoneNumberFormat.NATIONAL : PhoneNumberFormat.E164);
}
