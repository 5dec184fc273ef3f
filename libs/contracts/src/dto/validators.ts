import { Transform } from 'class-transformer';
import { ValidateBy, ValidationOptions } from 'class-validator';
import { PASSWORD_MAX_BYTES, PASSWORD_MIN_BYTES } from '../api/auth';

/** 8 to 72 bytes of UTF-8 (bcrypt's limit); longer is refused with the reason, never cut. */
export function IsPassword(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isPassword',
      validator: {
        validate: (value: unknown) => {
          if (typeof value !== 'string') return false;
          const bytes = Buffer.byteLength(value, 'utf8');
          return bytes >= PASSWORD_MIN_BYTES && bytes <= PASSWORD_MAX_BYTES;
        },
        defaultMessage: (args) => {
          const value: unknown = args?.value;
          if (typeof value !== 'string') return 'password must be text';
          const bytes = Buffer.byteLength(value, 'utf8');
          return bytes < PASSWORD_MIN_BYTES
            ? `password must be at least ${PASSWORD_MIN_BYTES} bytes`
            : `password must be at most ${PASSWORD_MAX_BYTES} bytes of UTF-8 (it is ${bytes}); longer passwords are refused, not cut`;
        },
      },
    },
    options,
  );
}

/**
 * "true" and "false" (query strings, at the gateway) and booleans (JSON, at the service); anything
 * else is left as given for IsBoolean to refuse.
 */
export const ToBoolean = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/** Text trimmed at the door: " Trog " searches for "Trog". */
export const Trimmed = (): PropertyDecorator => Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
