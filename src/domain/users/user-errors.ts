/** The user-management validation messages and translation keys (contacts-users §2.13.9). */
import { AppError, type ErrorMessage, type TranslatedMessage } from '../../errors.js';

/**
 * A 4xx of user management. `plainInArray`: in array mode the reference reports this error as its bare
 * message string even when it has a translation key (missing fields, token-login phone: §2.13.9).
 */
export class UserError extends AppError {
  constructor(
    status: number,
    message: ErrorMessage,
    readonly plainInArray = false,
  ) {
    super(status, message);
  }
}

const keyed = (message: string, translationKey: string, translationParams?: Record<string, unknown>): TranslatedMessage =>
  translationParams ? { message, translationKey, translationParams } : { message, translationKey };

/** 400 with a translation key. */
export const badRequest = (message: string, translationKey: string, params?: Record<string, unknown>) =>
  new UserError(400, keyed(message, translationKey, params));

/** 400 without a translation key (a plain string everywhere). */
export const plainBadRequest = (message: string) => new UserError(400, message);

// the messages of §2.13–2.15, one factory each (plain-in-array ones flagged)
export const missingFieldsError = (fields: string[]) =>
  new UserError(400, keyed(`Missing required fields: ${fields.join(', ')}`, 'fields.required', { fields: fields.join(', ') }), true);

export const tokenPhoneError = () =>
  new UserError(400, keyed('A valid phone number is required for SMS login.', 'configuration.enable.token.login.phone'), true);

export const usernameInvalidError = () =>
  badRequest('Invalid user name. Valid characters are lower case letters, numbers, underscore (_), and hyphen (-).', 'username.invalid');

export const usernameTakenError = (username: string) => badRequest(`Username "${username}" already taken.`, 'username.taken', { username });

export const contactNotPersonError = () => badRequest('Wrong type, contact is not a person.', 'contact.type.wrong');

export const contactNotInPlaceError = () => badRequest('Contact is not within place.', 'configuration.user.place.contact');

export const oidcDuplicateError = (oidc: string, otherId: string) =>
  badRequest(`The oidc_username [${oidc}] already exists for user [${otherId}].`, 'user.sso.username.duplicate');

export const userNotFoundError = (username: string, db: 'users' | 'medic') =>
  new UserError(404, `Failed to find user with name [${username}] in the [${db}] database.`);

export const invalidFacilitiesError = () => badRequest('Invalid facilities list', 'field is required', { field: 'Place' });

export const multiplePlacesError = () => badRequest('This user cannot have multiple places', 'field is required', { field: 'Place' });

/** The form of an error inside an array-mode answer: `{error: <string or {message, translationKey, …}>}` (§2.13.9). */
export function arrayModeError(err: unknown): { error: ErrorMessage } {
  if (err instanceof UserError && err.plainInArray) return { error: err.message };
  if (err instanceof AppError && err.status < 500) return { error: err.body };
  if (err instanceof AppError && err.status === 503) return { error: err.message };
  return { error: 'Server error' };
}
