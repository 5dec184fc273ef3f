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
